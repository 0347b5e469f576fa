using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>
/// Where code of a type can begin to run on a thread of its own choosing, for rules that ask whether a write and a
/// read can be on different threads (TSA2004). A function of the type is entered from outside its own call chain when
/// it is a lambda or anonymous method (a callback: it runs wherever it is handed), a member other code can call (not
/// private, an explicit interface implementation, overridable), or a method the type hands out as a delegate (an event
/// handler, a thread or timer callback). A private method that only code of its own type calls runs on its callers'
/// threads.
/// </summary>
internal static class ThreadEntries
{
    /// <summary>Can <paramref name="function"/> be entered other than by a call from code of its own type?</summary>
    /// <param name="handedOut">Was it seen used as a method group (a delegate) in its type?</param>
    public static bool IsEntry(IMethodSymbol function, bool handedOut)
    {
        if (handedOut || function.MethodKind is MethodKind.AnonymousFunction or MethodKind.ExplicitInterfaceImplementation)
        {
            return true;
        }

        if (Functions.ContainingMember(function) is not IMethodSymbol member)
        {
            return true;
        }

        return member.DeclaredAccessibility != Accessibility.Private
            || member.IsVirtual
            || member.IsAbstract
            || member.IsOverride
            || member.ExplicitInterfaceImplementations.Length > 0
            || member.MethodKind is MethodKind.StaticConstructor or MethodKind.Destructor;
    }

    /// <summary>
    /// Does the operation start concurrent work: <c>Task.Run</c>, <c>StartNew</c>, <c>Parallel</c> (see
    /// <see cref="StartedWork"/>), <c>new Task</c>, <c>new Thread</c>, a timer, or a <c>ThreadPool</c> queue or wait
    /// registration? Other threads then run code of the type.
    /// </summary>
    public static bool StartsConcurrentWork(IOperation operation, WellKnownTypes types)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                return invocation.TargetMethod.ContainingType?.Name == "ThreadPool"
                    || StartedWork.Match(invocation, types) is not null;
            case IObjectCreationOperation creation:
                if (creation.Type is not INamedTypeSymbol created)
                {
                    return false;
                }

                return created.Name == "Timer"
                    || (types.Thread is not null && SymbolEqualityComparer.Default.Equals(created, types.Thread))
                    || StartedWork.MatchCreation(creation, types) is not null;
            default:
                return false;
        }
    }
}
