using Basin.Storage.Catalog;

namespace Basin.Services.Athena;

/// <summary>
/// ClientRequestToken idempotency: the first request with a token claims it for the id it
/// creates, and a retry with the same token gets that id back instead of a second resource.
/// </summary>
public sealed class ClientRequestTokens(CatalogStore store, string kind)
{
    public string? IdFor(string account, string token) => store.GetDocument(account, kind, "", token);

    /// <summary>Claims the token for <paramref name="id"/>; false if another request already holds it.</summary>
    public Task<bool> ClaimAsync(string account, string token, string id) => store.PutDocumentAsync(account, kind, "", token, id, create: true);
}
