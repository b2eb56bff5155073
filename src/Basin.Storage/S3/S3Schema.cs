namespace Basin.Storage.S3;

/// <summary>
/// The S3 index. <c>objects</c> holds each key's current version (what GET and listings read);
/// <c>versions</c> holds noncurrent versions and delete markers, newest with the highest seq.
/// Keys are TEXT compared with SQLite's BINARY collation, i.e. by UTF-8 bytes,
/// which is exactly S3's listing order. WITHOUT ROWID keeps each table clustered by its key.
/// <c>account_configs</c> holds account-wide settings (S3 Control's Block Public Access).
/// <c>objects_aging</c> is a partial index over the classes whose state changes with time
/// (Intelligent-Tiering, the archive classes), so the pass that ages them never reads STANDARD
/// objects, and STANDARD writes do not maintain it.
/// </summary>
internal static class S3Schema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS buckets(
            name TEXT PRIMARY KEY, owner TEXT NOT NULL, region TEXT NOT NULL, created_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS objects(
            bucket TEXT NOT NULL, key TEXT NOT NULL, data_path TEXT NOT NULL, size INTEGER NOT NULL,
            etag TEXT NOT NULL, modified_ms INTEGER NOT NULL, owner TEXT NOT NULL,
            storage_class TEXT NOT NULL, content_type TEXT, attrs TEXT NOT NULL, parts INTEGER,
            PRIMARY KEY(bucket, key)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS versions(
            bucket TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, version_id TEXT NOT NULL, delete_marker INTEGER NOT NULL,
            data_path TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL, modified_ms INTEGER NOT NULL, owner TEXT NOT NULL,
            storage_class TEXT NOT NULL, content_type TEXT, attrs TEXT NOT NULL, parts INTEGER,
            PRIMARY KEY(bucket, key, seq)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS bucket_configs(
            bucket TEXT NOT NULL, kind TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY(bucket, kind)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS account_configs(
            account TEXT NOT NULL, kind TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY(account, kind)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS uploads(
            upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL, initiated_ms INTEGER NOT NULL,
            owner TEXT NOT NULL, template TEXT NOT NULL, checksum_algorithm TEXT, checksum_type TEXT
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS uploads_by_key ON uploads(bucket, key, initiated_ms);
        CREATE INDEX IF NOT EXISTS objects_aging ON objects(storage_class, bucket, key)
            WHERE storage_class IN ('INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE');
        CREATE TABLE IF NOT EXISTS parts(
            upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, data_path TEXT NOT NULL, size INTEGER NOT NULL,
            etag TEXT NOT NULL, modified_ms INTEGER NOT NULL, checksums TEXT NOT NULL,
            PRIMARY KEY(upload_id, part_number)
        ) WITHOUT ROWID;
        """;
}
