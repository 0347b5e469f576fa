using Microsoft.CodeAnalysis;

namespace ThreadSafetyAnalyzers;

/// <summary>
/// The framework types the rules reason about, resolved once per compilation.
/// A member is null when the compilation does not reference that type.
/// </summary>
internal sealed class WellKnownTypes
{
    private WellKnownTypes(Compilation compilation)
    {
#pragma warning disable RS0030 // This is the one place that looks types up by name.
        Thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        CancellationTokenSource = compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource");
#pragma warning restore RS0030
        Runtime = ClassifyRuntime(Thread);
    }

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? CancellationTokenSource { get; }

    /// <summary>Which runtime the compilation targets, judged by the assembly that defines <see cref="Thread"/>.</summary>
    public TargetRuntime Runtime { get; }

    public static WellKnownTypes Create(Compilation compilation) => new(compilation);

    private static TargetRuntime ClassifyRuntime(INamedTypeSymbol? thread)
    {
        switch (thread?.ContainingAssembly.Name)
        {
            case null:
                return TargetRuntime.Unknown;
            case "mscorlib":
                return TargetRuntime.NetFramework;
            case "netstandard":
                return TargetRuntime.Unknown;
            default:
                return TargetRuntime.NetCore;
        }
    }
}

internal enum TargetRuntime
{
    /// <summary>A .NET Standard library, or no Thread type: the code may run on either runtime.</summary>
    Unknown,

    /// <summary>.NET Framework (mscorlib).</summary>
    NetFramework,

    /// <summary>.NET Core and .NET 5 or later.</summary>
    NetCore,
}
