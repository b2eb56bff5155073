using System.Text.RegularExpressions;
using Basin.Aws.Model.Athena;
using Basin.Aws.Protocol;
using Basin.Aws.Protocol.Services;

namespace Basin.Services.Athena.Api;

/// <summary>CreateWorkGroup, GetWorkGroup, ListWorkGroups, UpdateWorkGroup, DeleteWorkGroup.</summary>
public sealed partial class WorkGroupOperations(AthenaContext athena)
{
    public void Register(OperationTable operations)
    {
        operations.On<CreateWorkGroupInput, CreateWorkGroupOutput>("CreateWorkGroup", CreateAsync);
        operations.On<GetWorkGroupInput, GetWorkGroupOutput>("GetWorkGroup", (input, request) =>
            Task.FromResult(new GetWorkGroupOutput { WorkGroup = athena.RequireWorkGroup(request.Caller.AccountId, input.WorkGroup ?? "") }));
        operations.On<ListWorkGroupsInput, ListWorkGroupsOutput>("ListWorkGroups", (input, request) => Task.FromResult(List(input, request)));
        operations.On<UpdateWorkGroupInput, UpdateWorkGroupOutput>("UpdateWorkGroup", UpdateAsync);
        operations.On<DeleteWorkGroupInput, DeleteWorkGroupOutput>("DeleteWorkGroup", DeleteAsync);
    }

    private async Task<CreateWorkGroupOutput> CreateAsync(CreateWorkGroupInput input, AwsRequest request)
    {
        var name = input.Name ?? "";
        if (!ValidName().IsMatch(name)) throw AthenaContext.InvalidRequest("WorkGroup name must be 1-128 characters of letters, digits, '.', '@', '-' and '_'.");
        var configuration = input.Configuration ?? new WorkGroupConfiguration();
        Validate(configuration);
        configuration.EngineVersion ??= AthenaEngine.Version();
        configuration.EnforceWorkGroupConfiguration ??= true;
        configuration.PublishCloudWatchMetricsEnabled ??= true;
        configuration.RequesterPaysEnabled ??= false;
        var workGroup = new WorkGroup { Name = name, State = "ENABLED", Configuration = configuration, Description = input.Description, CreationTime = athena.Now() };
        if (name == AthenaContext.PrimaryWorkGroup || !await athena.CreateWorkGroupAsync(request.Caller.AccountId, workGroup).ConfigureAwait(false))
            throw AthenaContext.InvalidRequest("WorkGroup is already created");
        return new CreateWorkGroupOutput();
    }

    private ListWorkGroupsOutput List(ListWorkGroupsInput input, AwsRequest request)
    {
        var size = input.MaxResults ?? 50;
        if (size is < 1 or > 50) throw AthenaContext.InvalidRequest("MaxResults must be between 1 and 50.");
        var start = input.NextToken is null ? 0 : (int)PageTokens.DecodeLong(input.NextToken, () => AthenaContext.InvalidRequest("Invalid NextToken."));
        var all = athena.WorkGroups(request.Caller.AccountId);
        var page = all.Skip(start).Take(size).Select(w => new WorkGroupSummary
        {
            Name = w.Name,
            State = w.State,
            Description = w.Description,
            CreationTime = w.CreationTime,
            EngineVersion = w.Configuration?.EngineVersion,
        }).ToList();
        return new ListWorkGroupsOutput { WorkGroups = page, NextToken = start + page.Count < all.Count ? PageTokens.EncodeLong(start + page.Count) : null };
    }

    private async Task<UpdateWorkGroupOutput> UpdateAsync(UpdateWorkGroupInput input, AwsRequest request)
    {
        var account = request.Caller.AccountId;
        var workGroup = athena.RequireWorkGroup(account, input.WorkGroup ?? "");
        if (input.Description is { } description) workGroup.Description = description;
        if (input.State is { } state) workGroup.State = state is "ENABLED" or "DISABLED" ? state : throw AthenaContext.InvalidRequest("State must be ENABLED or DISABLED.");
        var configuration = workGroup.Configuration ??= new WorkGroupConfiguration();
        if (input.ConfigurationUpdates is { } updates)
        {
            if (updates.EnforceWorkGroupConfiguration is { } enforce) configuration.EnforceWorkGroupConfiguration = enforce;
            if (updates.BytesScannedCutoffPerQuery is { } cutoff) configuration.BytesScannedCutoffPerQuery = cutoff;
            if (updates.RemoveBytesScannedCutoffPerQuery == true) configuration.BytesScannedCutoffPerQuery = null;
            if (updates.PublishCloudWatchMetricsEnabled is { } publish) configuration.PublishCloudWatchMetricsEnabled = publish;
            if (updates.RequesterPaysEnabled is { } pays) configuration.RequesterPaysEnabled = pays;
            if (updates.EngineVersion is { } engine) configuration.EngineVersion = engine;
            if (updates.ResultConfigurationUpdates is { } results)
            {
                var current = configuration.ResultConfiguration ??= new ResultConfiguration();
                if (results.OutputLocation is { } location) current.OutputLocation = location;
                if (results.RemoveOutputLocation == true) current.OutputLocation = null;
                if (results.EncryptionConfiguration is { } encryption) current.EncryptionConfiguration = encryption;
                if (results.RemoveEncryptionConfiguration == true) current.EncryptionConfiguration = null;
            }
        }

        Validate(configuration);
        if (workGroup.CreationTime == DateTimeOffset.UnixEpoch) workGroup.CreationTime = athena.Now();
        await athena.UpdateWorkGroupAsync(account, workGroup).ConfigureAwait(false);
        return new UpdateWorkGroupOutput();
    }

    private async Task<DeleteWorkGroupOutput> DeleteAsync(DeleteWorkGroupInput input, AwsRequest request)
    {
        var name = input.WorkGroup ?? "";
        if (name == AthenaContext.PrimaryWorkGroup) throw AthenaContext.InvalidRequest("The primary workgroup cannot be deleted.");
        athena.RequireWorkGroup(request.Caller.AccountId, name);
        await athena.DeleteWorkGroupAsync(request.Caller.AccountId, name).ConfigureAwait(false);
        return new DeleteWorkGroupOutput();
    }

    private static void Validate(WorkGroupConfiguration configuration)
    {
        if (configuration.BytesScannedCutoffPerQuery is < 10_000_000)
            throw AthenaContext.InvalidRequest("BytesScannedCutoffPerQuery must be at least 10000000 (10 MB).");
        if (configuration.ResultConfiguration?.OutputLocation is { } location && S3Location.TryParse(location) is null)
            throw AthenaContext.InvalidRequest($"Invalid OutputLocation {location}: it must be an s3:// URI.");
    }

    [GeneratedRegex("^[a-zA-Z0-9._@-]{1,128}$")]
    private static partial Regex ValidName();
}
