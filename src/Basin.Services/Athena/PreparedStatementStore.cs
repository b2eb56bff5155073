using Basin.Aws.Model.Athena;
using Basin.Services.Glue;
using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>
/// Prepared statements, per workgroup: created by the API (CreatePreparedStatement) or by SQL
/// (PREPARE name FROM ...), run by EXECUTE name USING ..., removed by DEALLOCATE PREPARE.
/// </summary>
public sealed class PreparedStatementStore(CatalogStore catalog)
{
    private const string Kind = "athena-prepared-statement";

    public PreparedStatement? Get(string account, string workGroup, string name) =>
        catalog.GetDocument(account, Kind, workGroup, name) is { } doc ? CatalogDocuments.Deserialize<PreparedStatement>(doc) : null;

    /// <summary>Stores the statement; with <paramref name="create"/>, false when one of that name exists.</summary>
    public Task<bool> PutAsync(string account, PreparedStatement statement, bool create) =>
        catalog.PutDocumentAsync(account, Kind, statement.WorkGroupName!, statement.StatementName!, CatalogDocuments.Serialize(statement), create);

    public Task<bool> DeleteAsync(string account, string workGroup, string name) => catalog.DeleteDocumentAsync(account, Kind, workGroup, name);

    public List<PreparedStatement> List(string account, string workGroup) =>
        [.. catalog.ListDocuments(account, Kind, workGroup, null, int.MaxValue).Select(d => CatalogDocuments.Deserialize<PreparedStatement>(d.Doc))];
}
