namespace Basin.Aws.Model;

/// <summary>The generated input and output types of one operation (null: the operation has none).</summary>
public sealed record OperationTypes(Type? Input, Type? Output);
