namespace Basin.Aws.Protocol.Auth;

/// <summary>An access key Basin knows: its secret and the identity it signs as.</summary>
public sealed record AccessKey(string AccessKeyId, string SecretAccessKey, string AccountId, string UserName);

/// <summary>Looks up access keys (the data dir's key table).</summary>
public interface ICredentialStore
{
    AccessKey? Find(string accessKeyId);
}

/// <summary>How requests are authenticated (<c>--auth</c>).</summary>
public enum AuthMode
{
    /// <summary>Any key is accepted unverified; its account comes from the key itself.</summary>
    Off,

    /// <summary>Keys must be in the key table and signatures must verify.</summary>
    SigV4,
}
