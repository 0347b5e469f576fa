using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreadSafetyAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreadSafetyAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    ThreadSafetyAnalyzers.StopFlagAnalyzer,
    ThreadSafetyAnalyzers.CodeFixes.MakeFieldVolatileCodeFixProvider>;

namespace ThreadSafetyAnalyzers.Tests.Fixes;

public class MakeFieldVolatileCodeFixTests
{
    public static TheoryData<TargetFramework> Frameworks => TestTargets.Frameworks;

    [Theory, MemberData(nameof(Frameworks))]
    public Task PrivateField_BecomesVolatile(TargetFramework framework) => Verify.VerifyCodeFixAsync(framework, """
        class Worker
        {
            // Set by Stop, polled by Run.
            private bool _stop; // the stop request

            public void Stop() => _stop = true;

            public void Run()
            {
                while (!{|TSA2004:_stop|}) { }
            }
        }
        """, """
        class Worker
        {
            // Set by Stop, polled by Run.
            private volatile bool _stop; // the stop request

            public void Stop() => _stop = true;

            public void Run()
            {
                while (!_stop) { }
            }
        }
        """);

    [Fact]
    public Task StaticFieldWithSeveralModifiers_VolatileGoesLast() => Verify.VerifyCodeFixAsync("""
        class Worker
        {
            internal static bool s_shutdown;

            public static void Shutdown() => s_shutdown = true;

            public static void Run()
            {
                while (!{|TSA2004:s_shutdown|}) { }
            }
        }
        """, """
        class Worker
        {
            internal static volatile bool s_shutdown;

            public static void Shutdown() => s_shutdown = true;

            public static void Run()
            {
                while (!s_shutdown) { }
            }
        }
        """);

    [Fact]
    public Task FieldWithoutModifiers_KeepsCommentsAndAttributes() => Verify.VerifyCodeFixAsync("""
        using System;

        class Worker
        {
            [NonSerialized]
            /* flag */ bool _stop;

            public void Stop() => _stop = true;

            public void Run()
            {
                while (!{|TSA2004:_stop|}) { }
            }
        }
        """, """
        using System;

        class Worker
        {
            [NonSerialized]
            /* flag */ volatile bool _stop;

            public void Stop() => _stop = true;

            public void Run()
            {
                while (!_stop) { }
            }
        }
        """);

    [Fact]
    public Task FieldDeclaredInAnotherPartFile_IsFixedThere() => new Verify.Test
    {
        TestState =
        {
            Sources =
            {
                """
                partial class Worker
                {
                    public void Run()
                    {
                        while (!{|TSA2004:_stop|}) { }
                    }
                }
                """,
                """
                partial class Worker
                {
                    private bool _stop;

                    public void Stop() => _stop = true;
                }
                """,
            },
        },
        FixedState =
        {
            Sources =
            {
                """
                partial class Worker
                {
                    public void Run()
                    {
                        while (!_stop) { }
                    }
                }
                """,
                """
                partial class Worker
                {
                    private volatile bool _stop;

                    public void Stop() => _stop = true;
                }
                """,
            },
        },
    }.RunAsync();

    [Fact]
    public Task FixAll_FixesEveryFlagOnce() => new Verify.Test
    {
        TestCode = """
            class Worker
            {
                private bool _stop;
                private static bool s_exit;

                public void Stop() => _stop = true;

                public static void Exit() => s_exit = true;

                public void Run()
                {
                    while (!{|TSA2004:_stop|}) { }
                    while (true)
                    {
                        if ({|TSA2004:_stop|}) break;
                    }

                    while (!{|TSA2004:s_exit|}) { }
                }
            }
            """,
        FixedCode = """
            class Worker
            {
                private volatile bool _stop;
                private static volatile bool s_exit;

                public void Stop() => _stop = true;

                public static void Exit() => s_exit = true;

                public void Run()
                {
                    while (!_stop) { }
                    while (true)
                    {
                        if (_stop) break;
                    }

                    while (!s_exit) { }
                }
            }
            """,
        CodeActionEquivalenceKey = "TSA2004",
        NumberOfFixAllIterations = 1,
    }.RunAsync();

    [Fact]
    public Task SeveralVariablesInOneDeclaration_AllBecomeVolatile() => Verify.VerifyCodeFixAsync("""
        class Worker
        {
            private bool _paused, _stop;

            public void Stop() => _stop = true;

            public void Run()
            {
                while (!{|TSA2004:_stop|}) { }
            }
        }
        """, """
        class Worker
        {
            private volatile bool _paused, _stop;

            public void Stop() => _stop = true;

            public void Run()
            {
                while (!_stop) { }
            }
        }
        """);

    [Fact]
    public Task FieldPassedByReference_NoFix() => new Verify.Test
    {
        TestCode = """
            using System.Threading;

            class Worker
            {
                private bool _stop;

                public void Stop() => Volatile.Write(ref _stop, true);

                public void Run()
                {
                    while (!{|TSA2004:_stop|}) { }
                }
            }
            """,
        FixedCode = """
            using System.Threading;

            class Worker
            {
                private bool _stop;

                public void Stop() => Volatile.Write(ref _stop, true);

                public void Run()
                {
                    while (!{|TSA2004:_stop|}) { }
                }
            }
            """,
    }.RunAsync();

    private const string PublicFlags = """
        using System.Threading;

        public class Listener
        {
            public bool Listening;
            protected bool Stopped;

            public void Run()
            {
                while ({|TSA2004:Listening|}) { }
                while (!{|TSA2004:Stopped|}) { }
            }

            public void Stop()
            {
                Listening = false;
                Stopped = true;
            }
        }
        """;

    /// <summary>
    /// <c>volatile</c> is part of a field's signature (a required modifier): code compiled against a public or protected
    /// field of a library's public type would no longer find it (TShock's public <c>_isListening</c>, garnet's protected
    /// <c>disposed</c>). Beyond <c>api_surface</c> (internal, by default, in a library), no fix.
    /// </summary>
    [Fact]
    public Task VisibleFieldOfALibrary_NoFix() => Verify.VerifyNoFixAsync(PublicFlags);

    /// <summary>With <c>api_surface = all</c> the user accepts the signature change, and the fields become volatile.</summary>
    [Fact]
    public Task VisibleFieldWithApiSurfaceAll_BecomesVolatile() => new Verify.Test
    {
        TestCode = PublicFlags,
        FixedCode = PublicFlags.Replace("public bool Listening;", "public volatile bool Listening;").Replace("protected bool Stopped;", "protected volatile bool Stopped;").Replace("{|TSA2004:Listening|}", "Listening").Replace("{|TSA2004:Stopped|}", "Stopped"),
    }.WithEditorConfig("dotnet_code_quality.add_cancellation_parameter.api_surface = all").RunAsync();
}
