using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreadSafetyAnalyzers.Reasoning;

/// <summary>Which function a piece of code runs in, and what kind of function that is.</summary>
internal static class Functions
{
    /// <summary>The innermost lambda, anonymous method or local function around <paramref name="operation"/>, else the member.</summary>
    public static IMethodSymbol? Innermost(IOperation operation, ISymbol? containingMember)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol;
                case ILocalFunctionOperation localFunction:
                    return localFunction.Symbol;
            }
        }

        return containingMember as IMethodSymbol;
    }

    /// <summary>The member (method, accessor, constructor) that holds <paramref name="symbol"/>, looking through lambdas and local functions.</summary>
    public static ISymbol? ContainingMember(ISymbol? symbol)
    {
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }

    /// <summary>
    /// A test, or a test's setup or cleanup: a member marked with an attribute of xunit (<c>[Fact]</c>, <c>[Theory]</c>),
    /// NUnit (<c>[Test]</c>, <c>[TestCase]</c>, <c>[TestCaseSource]</c>, <c>[SetUp]</c>, <c>[TearDown]</c>, …) or MSTest
    /// (<c>[TestMethod]</c>, <c>[DataTestMethod]</c>, <c>[TestCleanup]</c>, …). Recognised by the attribute type's name,
    /// with or without the <c>Attribute</c> suffix, so an attribute of a test framework the compilation cannot resolve
    /// (an error type) counts too, and a test project pays no type lookups.
    /// </summary>
    public static bool IsTestMethod(ISymbol? member)
    {
        if (member is not IMethodSymbol method)
        {
            return false;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { } type && IsTestAttributeName(type.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A test assembly: one that references xunit, NUnit, MSTest or TUnit. Its public members are called by its own
    /// tests and by other test projects of the same solution, never by a consumer of a package.
    /// </summary>
    public static bool IsTestAssembly(Compilation compilation)
    {
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            switch (assembly.Name)
            {
                case "xunit.core":
                case "xunit.v3.core":
                case "nunit.framework":
                case "Microsoft.VisualStudio.TestPlatform.TestFramework":
                case "MSTest.TestFramework":
                case "TUnit.Core":
                    return true;
            }
        }

        return false;
    }

    /// <summary>A test class: a type that declares a test (<see cref="IsTestMethod"/>), whatever its framework resolves to.</summary>
    public static bool IsTestClass(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        foreach (var member in type.GetMembers())
        {
            if (IsTestMethod(member))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTestAttributeName(string name)
    {
        const string Suffix = "Attribute";
        if (name.EndsWith(Suffix, System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - Suffix.Length);
        }

        // xunit's [Fact] and [Theory], and their kin from xunit extensions: [SkippableFact], [StaFact], [WpfTheory] …
        if (name.EndsWith("Fact", System.StringComparison.Ordinal) || name.EndsWith("Theory", System.StringComparison.Ordinal))
        {
            return true;
        }

        switch (name)
        {
            case "Test":
            case "TestCase":
            case "TestCaseSource":
            case "SetUp":
            case "TearDown":
            case "OneTimeSetUp":
            case "OneTimeTearDown":
            case "TestMethod":
            case "DataTestMethod":
            case "TestInitialize":
            case "TestCleanup":
            case "ClassCleanup":
            case "AssemblyCleanup":
                return true;
            default:
                return false;
        }
    }

    /// <summary>Code where cancellation surfaces as an exception the caller expects: async or Task-returning functions.</summary>
    public static bool IsAsynchronous(IMethodSymbol? function, WellKnownTypes types)
        => function is not null && (function.IsAsync || types.IsTaskLike(function.ReturnType));

    /// <summary>How a message names the function: <c>'Run'</c>, <c>the lambda in 'Run'</c>, <c>local function 'Loop'</c>.</summary>
    public static string Describe(IMethodSymbol? function, ISymbol? containingMember)
    {
        switch (function)
        {
            case null:
                return "this code";
            case { MethodKind: MethodKind.AnonymousFunction }:
                return "the lambda in '" + containingMember?.Name + "'";
            case { MethodKind: MethodKind.LocalFunction }:
                return "local function '" + function.Name + "'";
            case { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }:
                return "the constructor of '" + function.ContainingType.Name + "'";
            case { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } property }:
                return "the getter of '" + property.Name + "'";
            case { MethodKind: MethodKind.PropertySet, AssociatedSymbol: { } property }:
                return "the setter of '" + property.Name + "'";
            case { ExplicitInterfaceImplementations.Length: > 0 }:
                // `Worker.IWorker.Run` is named `Namespace.IWorker.Run` in metadata; the user wrote `IWorker.Run`.
                var implemented = function.ExplicitInterfaceImplementations[0];
                return "'" + implemented.ContainingType.Name + "." + implemented.Name + "'";
            default:
                return "'" + function.Name + "'";
        }
    }
}
