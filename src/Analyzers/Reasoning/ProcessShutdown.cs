using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// TSA1004's question: is a <c>Process.Kill</c> preceded, in its function, by a graceful request to the same process —
/// <c>CloseMainWindow()</c>, any use of <c>StandardInput</c> (closing it, disposing it, writing a quit command), a
/// bounded <c>WaitForExit(timeout)</c> or <c>WaitForExitAsync(…)</c>, or a call to a method of the same type (or of a
/// type it derives from) that does one of these? "Before" is textual: code earlier in the function or in the functions
/// around it, not in a lambda or local function that may run later. "The same process" is the same local, parameter,
/// field or property; a receiver that is none of these (an indexer, a call) might be the same one, and so counts.
/// </summary>
internal static class ProcessShutdown
{
    /// <summary><c>Process.Kill()</c> or <c>Process.Kill(bool)</c>.</summary>
    public static bool IsKill(IMethodSymbol method, WellKnownTypes types)
        => method is { Name: "Kill", IsStatic: false }
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Process);

    /// <summary>
    /// Is the kill the whole point of the function around it: a method, local function or the member around a lambda
    /// whose name says it kills (<c>Kill</c>, <c>TryKillProcess</c>, <c>KillTree</c>, <c>Terminate</c>)? Such a
    /// function is a library's hard-stop primitive (CliWrap, MedallionShell, Git Extensions offer one next to their
    /// graceful stop); whether to ask first is its callers' decision, which the rule cannot see.
    /// </summary>
    public static bool IsKillPrimitive(IMethodSymbol? function, ISymbol? member)
        => NamesAKill(function?.Name) || NamesAKill(member?.Name);

    private static bool NamesAKill(string? name)
        => name is not null
            && (name.IndexOf("Kill", System.StringComparison.OrdinalIgnoreCase) >= 0
                || name.IndexOf("Terminate", System.StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>Does the kill whose receiver is <paramref name="receiver"/> end the current process (<c>Process.GetCurrentProcess().Kill()</c>, or through a local initialized so)?</summary>
    public static bool IsCurrentProcess(IOperation? receiver, IOperation kill, WellKnownTypes types)
    {
        if (IsGetCurrentProcess(receiver, types))
        {
            return true;
        }

        if (receiver is not ILocalReferenceOperation { Local: var local })
        {
            return false;
        }

        return Before(kill, operation => operation is IVariableDeclaratorOperation declarator
            && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
            && IsGetCurrentProcess(CallSites.Receiver(declarator.GetVariableInitializer()?.Value), types));
    }

    /// <summary>
    /// Is there a graceful request to the process <paramref name="receiver"/> before <paramref name="kill"/>? Besides a
    /// request earlier in the function, two shapes ask by other means:
    /// <list type="bullet">
    /// <item>an escalation: the kill is one branch of an <c>if</c> whose other branch asks (<c>if (tries >= 2)
    /// p.Kill(); else { WriteInput("q"); tries++; }</c>): the calls before this one asked;</item>
    /// <item>a derived type's shutdown that first runs its base's (<c>await base.DisposeAsync(); p.Kill();</c>): the base
    /// owns the graceful part (a quit message over its channel) that the rule cannot read.</item>
    /// </list>
    /// </summary>
    public static bool IsAskedFirst(IOperation kill, IOperation? receiver, ISymbol? containingMember, WellKnownTypes types)
    {
        var process = Identity(receiver);
        var ownType = containingMember?.ContainingType;
        bool Asks(IOperation operation) => IsRequest(operation, process, types) || CallsRequestingHelper(operation, containingMember, ownType);
        return Before(kill, operation => Asks(operation) || IsBaseShutdown(operation))
            || OtherBranchAsks(kill, Asks);
    }

    private static bool OtherBranchAsks(IOperation kill, System.Func<IOperation, bool> asks)
    {
        for (var current = kill; current.Parent is { } parent && !OperationTrees.IsNestedFunction(parent); current = parent)
        {
            if (parent is IConditionalOperation conditional
                && (conditional.WhenTrue == current ? conditional.WhenFalse : conditional.WhenFalse == current ? conditional.WhenTrue : null) is { } other
                && OperationTrees.Find(other, enterNestedFunctions: false, asks) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>base.Dispose()</c>, <c>base.CloseAsync()</c>, …: the base type's own shutdown.</summary>
    private static bool IsBaseShutdown(IOperation operation)
        => operation is IInvocationOperation { TargetMethod.Name: var name, Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax } } }
            && CleanupCode.IsShutdownName(name);

    /// <summary>
    /// Did the code give the process time to end by itself, so that the kill only ends one that overran:
    /// <list type="bullet">
    /// <item>the kill runs only when a bounded wait gave up: <c>if (!Task.WaitAll(readers, timeout)) p.Kill();</c>, or
    /// the <c>else</c> of <c>if (done.Wait(timeout))</c> — waiting, for a limited time, on the output the process
    /// writes until it ends;</item>
    /// <item>the kill is guarded by the same process's <c>HasExited</c> and a bounded wait comes before it in the
    /// function: <c>await client.StopAsync().WaitAsync(TimeSpan.FromSeconds(2)); if (!p.HasExited) p.Kill();</c>
    /// (asked to stop some other way, given time, killed only if still running).</item>
    /// </list>
    /// A bounded wait is a call named <c>Wait…</c> or <c>Join</c>, or <c>Delay</c> or <c>Sleep</c>, with a timeout
    /// argument that is neither zero nor infinite (see <see cref="Timeouts.IsBounded"/>); a call the compilation cannot
    /// bind counts by its name and a <c>TimeSpan</c> argument.
    /// </summary>
    public static bool GaveTimeToExit(IOperation kill, IOperation? receiver, WellKnownTypes types)
    {
        var process = Identity(receiver);
        var guardedByHasExited = false;
        IOperation child = kill;
        for (var current = kill.Parent; current is not null && !OperationTrees.IsNestedFunction(current); child = current, current = current.Parent)
        {
            if (current is not IConditionalOperation conditional || child == conditional.Condition)
            {
                continue;
            }

            var condition = OperationTrees.WithoutConversions(conditional.Condition);
            if (child == conditional.WhenTrue
                && condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: var negated }
                && IsBoundedWait(OperationTrees.WithoutConversions(negated), types))
            {
                return true;
            }

            if (child == conditional.WhenFalse && IsBoundedWait(condition, types))
            {
                return true;
            }

            guardedByHasExited |= OperationTrees.Find(conditional.Condition, enterNestedFunctions: false, operation =>
                operation is IPropertyReferenceOperation { Property: { Name: "HasExited" } property } reference
                && SymbolEqualityComparer.Default.Equals(property.ContainingType, types.Process)
                && IsSameProcess(process, reference.Instance)) is not null;
        }

        return guardedByHasExited && Before(kill, operation => IsBoundedWait(operation, types));
    }

    private static bool IsBoundedWait(IOperation operation, WellKnownTypes types)
    {
        if (operation is IInvocationOperation { TargetMethod.Name: var name } call)
        {
            return IsWaitName(name) && Timeouts.Of(call, types) is { } timeout && Timeouts.IsBounded(timeout.Value, types);
        }

        // A call on a type the compilation cannot resolve (rpc.InvokeAsync(…).WaitAsync(TimeSpan.FromSeconds(2))): its
        // name and a TimeSpan argument still say it is a bounded wait.
        if (operation is IInvalidOperation { Syntax: InvocationExpressionSyntax invocation } invalid
            && IsWaitName(NameOf(invocation.Expression)))
        {
            foreach (var child in invalid.ChildOperations)
            {
                if (child.Syntax.Parent is ArgumentSyntax
                    && SymbolEqualityComparer.Default.Equals(child.Type, types.TimeSpan)
                    && Timeouts.IsBounded(child, types))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsWaitName(string? name)
        => name is not null && (name.StartsWith("Wait", System.StringComparison.Ordinal) || name is "Join" or "Delay" or "Sleep");

    private static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    private static bool IsSameProcess(ISymbol? process, IOperation? instance)
    {
        var other = Identity(CallSites.Receiver(instance));
        return process is null || other is null || SymbolEqualityComparer.Default.Equals(process, other);
    }

    private static bool IsGetCurrentProcess(IOperation? operation, WellKnownTypes types)
        => operation is IInvocationOperation { TargetMethod: { Name: "GetCurrentProcess", IsStatic: true } method }
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Process);

    private static bool IsRequest(IOperation operation, ISymbol? process, WellKnownTypes types)
    {
        IOperation? target;
        switch (operation)
        {
            case IInvocationOperation { TargetMethod: var method } invocation
                when SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Process)
                    && (method.Name == "CloseMainWindow"
                        || (method.Name == "WaitForExit" && method.Parameters.Length > 0)
                        || method.Name == "WaitForExitAsync"):
                target = invocation.Instance;
                break;
            case IInvocationOperation { Instance: null, Arguments.Length: > 0, TargetMethod: { IsExtensionMethod: true } method } extension
                when (method.Name == "WaitForExitAsync" || (method.Name == "WaitForExit" && method.Parameters.Length > 1))
                    && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, types.Process):
                // A project's own process.WaitForExitAsync(timeout) extension: the same bounded wait.
                target = extension.Arguments[0].Value;
                break;
            case IPropertyReferenceOperation { Property: { Name: "StandardInput" } property } reference
                when SymbolEqualityComparer.Default.Equals(property.ContainingType, types.Process):
                target = reference.Instance;
                break;
            default:
                return false;
        }

        var other = Identity(CallSites.Receiver(target));
        return process is null || other is null || SymbolEqualityComparer.Default.Equals(process, other);
    }

    /// <summary>
    /// A call to another method of the same type whose body asks a process to exit. Judged by the names in its syntax
    /// (a helper may sit in another file, whose semantic model an analyzer should not ask for): a false match only keeps
    /// the rule silent.
    /// </summary>
    private static bool CallsRequestingHelper(IOperation operation, ISymbol? containingMember, INamedTypeSymbol? ownType)
    {
        if (ownType is null
            || operation is not IInvocationOperation { TargetMethod: var method }
            || !(SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, ownType.OriginalDefinition)
                || WellKnownTypes.IsOrDerivesFrom(ownType, method.ContainingType))
            || SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, containingMember?.OriginalDefinition))
        {
            return false;
        }

        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (IsRequestByName(node))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsRequestByName(SyntaxNode node)
    {
        if (node is not SimpleNameSyntax name)
        {
            return false;
        }

        switch (name.Identifier.ValueText)
        {
            case "CloseMainWindow":
            case "StandardInput":
            case "WaitForExitAsync":
                return true;
            case "WaitForExit":
                var call = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access.Parent : name.Parent;
                return call is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 };
            default:
                return false;
        }
    }

    /// <summary>The variable a receiver names; null when it is not a plain local, parameter, field or property (then it may be any process).</summary>
    private static ISymbol? Identity(IOperation? receiver) => receiver switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Property,
        _ => null,
    };

    /// <summary>
    /// Does an operation that runs before <paramref name="point"/> match: one that ends before it in the source, in the
    /// function that holds it or a function around that, and not inside a lambda or local function that does not hold
    /// it (which runs who knows when).
    /// </summary>
    private static bool Before(IOperation point, System.Func<IOperation, bool> match)
    {
        var root = OperationTrees.Root(point);
        var span = point.Syntax.Span;
        var pending = new System.Collections.Generic.Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            var syntax = operation.Syntax.Span;
            var endsBefore = syntax.End <= span.Start;
            if (!endsBefore && !syntax.Contains(span))
            {
                continue;
            }

            if (OperationTrees.IsNestedFunction(operation) && endsBefore)
            {
                continue;
            }

            if (endsBefore && match(operation))
            {
                return true;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }

        return false;
    }
}
