using System.Threading;
using Microsoft.CodeAnalysis;
using ThreadSafetyAnalyzers.Reasoning;

namespace ThreadSafetyAnalyzers.CodeFixes;

/// <summary>
/// The worker bodies TSA2008 reads when it judges a start call: a method of the start's own type in any of its files
/// (a partial type), or one declared in the start's file. The fixes must judge with the same bodies as the analyzer,
/// or they would leave a TSA2008 behind (or see one that is not there).
/// </summary>
internal static class WorkerBodies
{
    public static IOperation? AsTheAnalyzerReadsIt(IMethodSymbol method, IOperation call, Compilation compilation, CancellationToken cancellationToken)
    {
        method = method.PartialImplementationPart ?? method;
        var ownType = call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart, cancellationToken)?.ContainingType;
        if (method.DeclaringSyntaxReferences.Length != 1
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, ownType?.OriginalDefinition))
        {
            return StartedWork.BodyInSameFile(method, call);
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        return compilation.GetSemanticModel(declaration.SyntaxTree).GetOperation(declaration, cancellationToken);
    }
}
