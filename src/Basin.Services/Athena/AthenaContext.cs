using Basin.Aws.Model.Athena;
using Basin.Aws.Protocol;
using Basin.Services.Glue;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>Athena's state shared by its operations: executions, workgroups, prepared statements, the catalog, the clock.</summary>
public sealed class AthenaContext(CatalogStore catalog, QueryExecutionStore executions, QueryRunner runner, PreparedStatementStore preparedStatements, TimeProvider time)
{
    public const string PrimaryWorkGroup = "primary";
    private const string WorkGroupKind = "athena-workgroup";

    public CatalogStore Catalog => catalog;
    public QueryExecutionStore Executions => executions;
    public QueryRunner Runner => runner;
    public PreparedStatementStore PreparedStatements => preparedStatements;

    public DateTimeOffset Now() => time.GetUtcNow();

    public static AwsServiceException InvalidRequest(string message) => new("InvalidRequestException", message);

    /// <summary>A workgroup by name; "primary" always exists (as in every AWS account), with no configuration until updated.</summary>
    public WorkGroup? FindWorkGroup(string account, string name)
    {
        if (catalog.GetDocument(account, WorkGroupKind, "", name) is { } doc) return CatalogDocuments.Deserialize<WorkGroup>(doc);
        return name == PrimaryWorkGroup
            ? new WorkGroup
            {
                Name = PrimaryWorkGroup,
                State = "ENABLED",
                Configuration = new WorkGroupConfiguration { EnforceWorkGroupConfiguration = false, PublishCloudWatchMetricsEnabled = false, RequesterPaysEnabled = false, EngineVersion = AthenaEngine.Version() },
                CreationTime = DateTimeOffset.UnixEpoch,
            }
            : null;
    }

    public WorkGroup RequireWorkGroup(string account, string? name) =>
        FindWorkGroup(account, name ?? PrimaryWorkGroup) ?? throw InvalidRequest($"WorkGroup {name} is not found.");

    /// <summary>Stores a new workgroup; false if one of that name is already stored.</summary>
    public Task<bool> CreateWorkGroupAsync(string account, WorkGroup workGroup) =>
        catalog.PutDocumentAsync(account, WorkGroupKind, "", workGroup.Name!, CatalogDocuments.Serialize(workGroup), create: true);

    /// <summary>Stores a workgroup's new state (the implicit primary is stored on its first update).</summary>
    public Task UpdateWorkGroupAsync(string account, WorkGroup workGroup) =>
        catalog.PutDocumentAsync(account, WorkGroupKind, "", workGroup.Name!, CatalogDocuments.Serialize(workGroup),
            create: catalog.GetDocument(account, WorkGroupKind, "", workGroup.Name!) is null);

    public Task<bool> DeleteWorkGroupAsync(string account, string name) => catalog.DeleteDocumentAsync(account, WorkGroupKind, "", name);

    public List<WorkGroup> WorkGroups(string account)
    {
        var stored = catalog.ListDocuments(account, WorkGroupKind, "", null, int.MaxValue).Select(d => CatalogDocuments.Deserialize<WorkGroup>(d.Doc)).ToList();
        if (stored.All(w => w.Name != PrimaryWorkGroup)) stored.Add(FindWorkGroup(account, PrimaryWorkGroup)!);
        return [.. stored.OrderBy(w => w.Name, StringComparer.Ordinal)];
    }

    /// <summary>An execution as the API shows it: stored, with the live state of one still running.</summary>
    public QueryExecution? FindExecution(string account, string id)
    {
        var execution = executions.Get(account, id);
        if (execution?.Status is { State: "QUEUED" } status && runner.LiveState(id) is { } live) status.State = live;
        return execution;
    }

    public QueryExecution RequireExecution(string account, string? id) =>
        (id is null ? null : FindExecution(account, id)) ?? throw InvalidRequest($"QueryExecution {id} was not found");
}

/// <summary>The engine version Basin reports: Athena engine version 3 (Trino), which its SQL follows.</summary>
public static class AthenaEngine
{
    public static EngineVersion Version() => new() { SelectedEngineVersion = "AUTO", EffectiveEngineVersion = "Athena engine version 3" };
}
