using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ZeroTrustAI.PowerShell
{
    /// <summary>
    /// Runs when the module is imported, before any cmdlet touches the collector: makes ZeroTrustAI.Collector and
    /// its dependencies (bin/deps) loadable. On PowerShell 7 they go into their own AssemblyLoadContext (see
    /// ZeroTrustAI.Loader), isolated from other modules' Azure.Core, MSAL or Graph SDK. Windows PowerShell has no
    /// load contexts: there bin/deps is only a place the AppDomain resolves from, with no isolation.
    /// </summary>
    /// <remarks>
    /// Only this class and types that mention no collector type may run before the resolver is registered, which
    /// is why the cmdlets keep collector types out of their fields' value types.
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        /// <summary>The assemblies the cmdlets reference directly from bin/deps.</summary>
        internal static readonly string[] EntryAssemblies = { "ZeroTrustAI.Collector" };

        private static readonly object Gate = new object();
        private static bool _initialized;

        /// <summary>bin/deps beside this assembly.</summary>
        public static string DependencyFolder => Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "deps");

        public void OnImport() => Initialize();

        internal static void Initialize()
        {
            lock (Gate)
            {
                if (_initialized)
                {
                    return;
                }

                if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
                {
                    AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencyFolder;
                }
                else
                {
                    var loaderPath = Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "ZeroTrustAI.Loader.dll");
                    var loader = Assembly.LoadFrom(loaderPath);
                    var initialize = loader.GetType("ZeroTrustAI.Loader.DependencyLoadContext", throwOnError: true)!
                        .GetMethod("Initialize", BindingFlags.Public | BindingFlags.Static)
                        ?? throw new InvalidOperationException($"{loaderPath} has no DependencyLoadContext.Initialize.");
                    initialize.Invoke(null, new object[] { DependencyFolder, EntryAssemblies });
                }

                _initialized = true;
            }
        }

        // Windows PowerShell: any assembly in bin/deps, at whatever version is there (no binding redirects needed).
        private static Assembly? ResolveFromDependencyFolder(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (string.IsNullOrEmpty(name))
            {
                return null;
            }

            var path = Path.Combine(DependencyFolder, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
