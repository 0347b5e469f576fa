using System;

namespace ThreadSafetyAnalyzers.Options;

/// <summary>Which long-running loops TSA2001 reports (<c>loop_kinds</c>).</summary>
[Flags]
internal enum LoopKinds
{
    /// <summary>Loops with no exit: <c>while (true)</c>, <c>for (;;)</c> without a way out.</summary>
    Unbounded = 1,

    /// <summary>Loops that wait on every iteration: an <c>await</c>, a blocking call.</summary>
    Waiting = 2,

    All = Unbounded | Waiting,
}

/// <summary>Where a rule looks for a cancellation token in scope (<c>token_sources</c>).</summary>
[Flags]
internal enum TokenSources
{
    /// <summary>Parameters of the enclosing function and of the functions around it.</summary>
    Parameters = 1,

    /// <summary>Locals declared before the point.</summary>
    Locals = 2,

    /// <summary>Fields and properties of the containing type (and accessible ones of its base types).</summary>
    Members = 4,

    Default = Parameters | Locals,

    All = Parameters | Locals | Members,
}

/// <summary>Where the add-parameter fix may change a signature (<c>add_cancellation_parameter.api_surface</c>).</summary>
internal enum ApiSurface
{
    /// <summary>Any method, whatever its accessibility (the default in an application).</summary>
    All,

    /// <summary>Methods not visible outside the assembly; others get a forwarding overload instead (the default in a library).</summary>
    Internal,

    /// <summary>Private methods and local functions only; others get a forwarding overload instead.</summary>
    Private,
}
