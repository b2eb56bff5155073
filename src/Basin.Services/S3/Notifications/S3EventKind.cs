namespace Basin.Services.S3.Notifications;

/// <summary>
/// An S3 event type: its notification name (ObjectCreated:Put, configured as s3:ObjectCreated:Put
/// or s3:ObjectCreated:*), the EventBridge detail-type and reason or deletion type, and the event
/// structure version S3 writes for it (2.3 for lifecycle, tagging and restore-expiry events).
/// </summary>
public sealed record S3EventKind(string Name, string DetailType, string? Reason = null, string? DeletionType = null, string Version = "2.1")
{
    public static readonly S3EventKind Put = new("ObjectCreated:Put", "Object Created", "PutObject");
    public static readonly S3EventKind Copy = new("ObjectCreated:Copy", "Object Created", "CopyObject");
    public static readonly S3EventKind CompleteMultipartUpload = new("ObjectCreated:CompleteMultipartUpload", "Object Created", "CompleteMultipartUpload");
    public static readonly S3EventKind Delete = new("ObjectRemoved:Delete", "Object Deleted", "DeleteObject", "Permanently Deleted");
    public static readonly S3EventKind DeleteMarkerCreated = new("ObjectRemoved:DeleteMarkerCreated", "Object Deleted", "DeleteObject", "Delete Marker Created");
    public static readonly S3EventKind LifecycleDelete = new("LifecycleExpiration:Delete", "Object Deleted", "Lifecycle Expiration", "Permanently Deleted", "2.3");
    public static readonly S3EventKind LifecycleDeleteMarkerCreated = new("LifecycleExpiration:DeleteMarkerCreated", "Object Deleted", "Lifecycle Expiration", "Delete Marker Created", "2.3");
    public static readonly S3EventKind LifecycleTransition = new("LifecycleTransition", "Object Storage Class Changed", Version: "2.3");
    public static readonly S3EventKind RestorePost = new("ObjectRestore:Post", "Object Restore Initiated");
    public static readonly S3EventKind RestoreCompleted = new("ObjectRestore:Completed", "Object Restore Completed");
    public static readonly S3EventKind RestoreDelete = new("ObjectRestore:Delete", "Object Restore Expired", Version: "2.3");
    public static readonly S3EventKind IntelligentTiering = new("IntelligentTiering", "Object Access Tier Changed", Version: "2.3");
    public static readonly S3EventKind TaggingPut = new("ObjectTagging:Put", "Object Tags Added", Version: "2.3");
    public static readonly S3EventKind TaggingDelete = new("ObjectTagging:Delete", "Object Tags Deleted", Version: "2.3");
}
