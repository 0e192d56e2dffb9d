namespace Argus.Core.Inference;

/// <summary>The file operations the writer's test seam (<see cref="InferenceLogOptions.IoHook"/>) sees.</summary>
internal enum InferenceLogIo
{
    /// <summary>Before a batch is written to a file (a hook that throws an IOException fails the write).</summary>
    Write,

    /// <summary>After a batch was written and counted.</summary>
    Written,

    /// <summary>Before a file is fsynced.</summary>
    Fsync,
}
