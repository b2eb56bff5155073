using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Basin.DuckDb.Native;

namespace Basin.DuckDb;

/// <summary>
/// A scalar function (text, pattern) → VARCHAR[]: the capture groups (1..n, NULL where a group did
/// not take part) of the first match of a .NET regular expression in the text, or NULL when it does
/// not match. DuckDB's own regexp functions are RE2, which has no lookaround, atomic groups or
/// backreferences; the Java expressions log SerDes are written in need them, and .NET's engine reads
/// that dialect. Patterns are compiled once per process and shared by every query and thread.
/// </summary>
public static unsafe class RegexGroupsFunction
{
    private const int MaxCachedPatterns = 256;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<string, Compiled> Patterns = new(StringComparer.Ordinal);

    /// <summary>A pattern compiled, or the reason it does not compile (reported once per query, not per row).</summary>
    private sealed record Compiled(Regex? Regex, string? Error);

    /// <summary>Registers <paramref name="name"/>(VARCHAR text, VARCHAR pattern) → VARCHAR[] on the connection's database.</summary>
    public static void Register(DuckDbConnection connection, string name) =>
        ScalarFunctions.Register(connection, name, [DuckDbTypeId.Varchar, DuckDbTypeId.Varchar], VarcharList, &Execute);

    private static LogicalTypeHandle VarcharList()
    {
        using var varchar = ScalarFunctions.Type(DuckDbTypeId.Varchar);
        return new LogicalTypeHandle(ScalarFunctionNativeMethods.CreateListType(varchar));
    }

    /// <summary>
    /// The compiled expression this function matches <paramref name="pattern"/> with (shared, so
    /// a caller that validates or matches in .NET compiles nothing twice), or null and why not.
    /// </summary>
    public static Regex? TryCompile(string pattern, out string? error)
    {
        var compiled = Compile(pattern);
        error = compiled.Error;
        return compiled.Regex;
    }

    private static Compiled Compile(string pattern)
    {
        if (Patterns.TryGetValue(pattern, out var cached)) return cached;
        if (Patterns.Count >= MaxCachedPatterns) Patterns.Clear();
        Compiled compiled;
        try
        {
            compiled = new Compiled(new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, MatchTimeout), null);
        }
        catch (ArgumentException e)
        {
            compiled = new Compiled(null, e.Message);
        }

        return Patterns.GetOrAdd(pattern, compiled);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Execute(IntPtr info, IntPtr input, IntPtr output)
    {
        try
        {
            Run(info, input, output);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pattern that backtracks catastrophically fails the query rather than hanging it.
            ScalarFunctionNativeMethods.SetError(info, $"the regular expression took longer than {MatchTimeout.TotalSeconds:0} s to match one line");
        }
#pragma warning disable CA1031 // An exception escaping a native callback ends the process: it must fail the query instead.
        catch (Exception e)
        {
            ScalarFunctionNativeMethods.SetError(info, $"matching a regular expression failed: {e.Message}");
        }
#pragma warning restore CA1031
    }

    private static void Run(IntPtr info, IntPtr input, IntPtr output)
    {
        var rows = (int)ScalarFunctionNativeMethods.ChunkSize(input);
        var texts = ScalarFunctionNativeMethods.ChunkVector(input, 0);
        var patterns = ScalarFunctionNativeMethods.ChunkVector(input, 1);
        var textData = ChunkNativeMethods.VectorGetData(texts);
        var patternData = ChunkNativeMethods.VectorGetData(patterns);
        var textValidity = ChunkNativeMethods.VectorGetValidity(texts);
        var patternValidity = ChunkNativeMethods.VectorGetValidity(patterns);
        var child = ChunkNativeMethods.ListVectorGetChild(output);
        var size = ScalarFunctionNativeMethods.ListVectorGetSize(output);
        var nulls = new ScalarFunctions.NullMarker(output);
        byte[]? lastPattern = null;
        Regex? regex = null;
        for (var row = 0; row < rows; row++)
        {
            if (!ScalarFunctions.IsValid(textValidity, row) || !ScalarFunctions.IsValid(patternValidity, row))
            {
                nulls.SetNull(row);
                continue;
            }

            // The pattern is a constant in practice: compare its bytes rather than decode it per row.
            var pattern = DuckDbVector.StringAt(patternData, row);
            if (lastPattern is null || !pattern.SequenceEqual(lastPattern))
            {
                var compiled = Compile(Encoding.UTF8.GetString(pattern));
                if (compiled.Regex is null)
                {
                    ScalarFunctionNativeMethods.SetError(info, $"invalid regular expression: {compiled.Error}");
                    return;
                }

                (lastPattern, regex) = (pattern.ToArray(), compiled.Regex);
            }

            var match = regex!.Match(Encoding.UTF8.GetString(DuckDbVector.StringAt(textData, row)));
            if (!match.Success)
            {
                nulls.SetNull(row);
                continue;
            }

            var groups = match.Groups.Count - 1;
            ScalarFunctionNativeMethods.ListVectorReserve(output, size + (ulong)groups);
            child = ChunkNativeMethods.ListVectorGetChild(output);
            for (var g = 1; g <= groups; g++)
            {
                var group = match.Groups[g];
                if (group.Success) Assign(child, size + (ulong)(g - 1), group.ValueSpan);
                else new ScalarFunctions.NullMarker(child).SetNull((int)(size + (ulong)(g - 1)));
            }

            var entries = (DuckDbListEntry*)ChunkNativeMethods.VectorGetData(output);
            entries[row] = new DuckDbListEntry { Offset = size, Length = (ulong)groups };
            size += (ulong)groups;
            ScalarFunctionNativeMethods.ListVectorSetSize(output, size);
        }
    }

    private static void Assign(IntPtr vector, ulong index, ReadOnlySpan<char> value)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            fixed (byte* bytes = buffer)
                ScalarFunctionNativeMethods.AssignStringElement(vector, index, bytes, (ulong)length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
