using System.Collections.Concurrent;
using System.Threading.Channels;
using Basin.Storage.Files;
using Microsoft.Data.Sqlite;

namespace Basin.Storage.Metadata;

/// <summary>
/// One SQLite database in WAL mode with synchronous=FULL, so a committed transaction survives a
/// crash. Writes go through a single writer thread that groups whatever is queued into one
/// transaction (group commit): N concurrent writers pay for one fsync, not N. Each write runs
/// in its own savepoint, so one failing write does not fail the others in its group.
/// A write that references newly written data files asks for a barrier: before the group's
/// transaction starts, the data filesystem is flushed once, so no committed row can ever point
/// at bytes that are not on disk. Reads use a pool of connections and never wait for the writer.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private const int MaxGroup = 512;
    private readonly string _connectionString;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writerThread;
    private readonly SqliteConnection _writer;

    static SqliteDatabase() => SQLitePCL.Batteries_V2.Init();

    private readonly string? _dataRoot;

    /// <param name="path">The database file.</param>
    /// <param name="schema">DDL run at open (idempotent).</param>
    /// <param name="dataRoot">A path on the filesystem whose data files writes may reference (flushed by barriers).</param>
    public SqliteDatabase(string path, string schema, string? dataRoot = null)
    {
        _dataRoot = dataRoot;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        _writer = Open();
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute(_writer, schema);
        _writerThread = new Thread(WriterLoop) { IsBackground = true, Name = "sqlite-writer " + Path.GetFileName(path) };
        _writerThread.Start();
    }

    /// <summary>
    /// Runs a write in the next group commit; completes once it is durable. With
    /// <paramref name="dataBarrier"/>, data files written before this call are made durable
    /// before the write commits.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, bool dataBarrier = false)
    {
        var pending = new PendingWrite<T>(write) { DataBarrier = dataBarrier };
        if (!_writes.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(SqliteDatabase));
        return pending.Completion.Task;
    }

    public T Read<T>(Func<SqliteConnection, T> read)
    {
        var connection = _readers.TryTake(out var c) ? c : Open();
        try
        {
            return read(connection);
        }
        finally
        {
            _readers.Add(connection);
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=5000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void WriterLoop()
    {
        var group = new List<PendingWrite>(MaxGroup);
        while (_writes.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            group.Clear();
            while (group.Count < MaxGroup && _writes.Reader.TryRead(out var w)) group.Add(w);
            try
            {
                if (_dataRoot is not null && group.Exists(w => w.DataBarrier)) DurableFiles.FlushFileSystem(_dataRoot);
                Execute(_writer, "BEGIN IMMEDIATE");
                foreach (var write in group)
                {
                    Execute(_writer, "SAVEPOINT w");
                    try
                    {
                        write.Run(_writer);
                        Execute(_writer, "RELEASE w");
                    }
                    catch (Exception e)
                    {
                        Execute(_writer, "ROLLBACK TO w; RELEASE w");
                        write.Fail(e);
                    }
                }

                Execute(_writer, "COMMIT");
                foreach (var write in group) write.Succeed();
            }
            catch (Exception e)
            {
                try
                {
                    Execute(_writer, "ROLLBACK");
                }
                catch (SqliteException)
                {
                    // no transaction left to roll back
                }

                foreach (var write in group) write.Fail(e);
            }
        }
    }

    public void Dispose()
    {
        _writes.Writer.TryComplete();
        _writerThread.Join();
        _writer.Dispose();
        while (_readers.TryTake(out var c)) c.Dispose();
    }

    private abstract class PendingWrite
    {
        public bool DataBarrier { get; init; }

        public abstract void Run(SqliteConnection connection);

        public abstract void Succeed();

        public abstract void Fail(Exception e);
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, T> write) : PendingWrite
    {
        private T? _result;
        private bool _failed;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(SqliteConnection connection) => _result = write(connection);

        public override void Succeed()
        {
            if (!_failed) Completion.TrySetResult(_result!);
        }

        public override void Fail(Exception e)
        {
            _failed = true;
            Completion.TrySetException(e);
        }
    }
}
