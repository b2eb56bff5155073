using Basin.Aws.Protocol.Model;

namespace Basin.Aws.Protocol.Services;

/// <summary>Runs one operation: typed input in (null if the operation has none), typed output out.</summary>
public delegate Task<object?> OperationHandler(object? input, AwsRequest request);

/// <summary>
/// The implemented operations of one service. Registration checks each handler's types against
/// the generated ones, so a handler cannot silently bind to the wrong shape.
/// </summary>
public sealed class OperationTable(ServiceModel model)
{
    private readonly Dictionary<string, OperationHandler> _handlers = new(StringComparer.Ordinal);
    private Action<AwsRequest>? _beforeEach;

    public ServiceModel Model => model;

    public IReadOnlyCollection<string> Implemented => _handlers.Keys;

    public void On<TInput, TOutput>(string operation, Func<TInput, AwsRequest, Task<TOutput>> handler)
        where TInput : class
        where TOutput : class
    {
        Check(operation, typeof(TInput), typeof(TOutput));
        _handlers.Add(operation, async (input, request) =>
        {
            _beforeEach?.Invoke(request);
            return await handler((TInput)input!, request).ConfigureAwait(false);
        });
    }

    /// <summary>An operation whose model has no output shape.</summary>
    public void On<TInput>(string operation, Func<TInput, AwsRequest, Task> handler)
        where TInput : class
    {
        Check(operation, typeof(TInput), null);
        _handlers.Add(operation, async (input, request) =>
        {
            _beforeEach?.Invoke(request);
            await handler((TInput)input!, request).ConfigureAwait(false);
            return null;
        });
    }

    /// <summary>A check every operation of the service runs once its input is read, before its handler (S3: body integrity).</summary>
    public void BeforeEach(Action<AwsRequest> check) => _beforeEach += check;

    public OperationHandler? Find(string operation) => _handlers.GetValueOrDefault(operation);

    private void Check(string operation, Type input, Type? output)
    {
        if (!model.Types.TryGetValue(operation, out var types))
        {
            throw new InvalidOperationException($"{model.Name} has no operation {operation}.");
        }

        if (types.Input != input || types.Output != output)
        {
            throw new InvalidOperationException(
                $"{model.Name}.{operation} takes {types.Input?.Name ?? "nothing"} and returns {types.Output?.Name ?? "nothing"}, not {input.Name} / {output?.Name ?? "nothing"}.");
        }
    }
}
