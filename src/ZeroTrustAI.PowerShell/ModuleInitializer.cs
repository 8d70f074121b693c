using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.PowerShell.Commands;

namespace ZeroTrustAI.PowerShell
{
    /// <summary>
    /// Runs when the module is imported, before any cmdlet touches the collector: makes ZeroTrustAI.Collector and
    /// its dependencies (bin/deps) loadable. On PowerShell 7 they go into their own AssemblyLoadContext (see
    /// ZeroTrustAI.Loader), isolated from other modules' Azure.Core, MSAL or Graph SDK. Windows PowerShell has no
    /// load contexts: there bin/deps is only a place the AppDomain resolves from, with no isolation.
    /// On Remove-Module it forgets the open connection and unhooks the resolver again; a later Import-Module hooks
    /// it anew (the assemblies stay loaded: .NET cannot unload them).
    /// </summary>
    /// <remarks>
    /// Only this class and types that mention no collector type may run before the resolver is registered, which
    /// is why the cmdlets keep collector types out of their fields' value types.
    /// </remarks>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>The assemblies the cmdlets reference directly from bin/deps.</summary>
        internal static readonly string[] EntryAssemblies = { "ZeroTrustAI.Collector" };

        private const string LoaderTypeName = "ZeroTrustAI.Loader.DependencyLoadContext";

        private static readonly object Gate = new object();

        // The runspaces that imported the module and have neither removed it nor closed: the resolver and the
        // connection belong to the process, so they are released when the last of them goes.
        private static readonly HashSet<object> Importers = new HashSet<object>();
        private static readonly object NoRunspace = new object();

        /// <summary>bin/deps beside this assembly.</summary>
        public static string DependencyFolder => Path.Combine(ModuleBinFolder, "deps");

        private static string ModuleBinFolder => Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

        private static bool IsNetFramework => RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public void OnImport()
        {
            // Most sessions import the module to assess: the control catalog (reflection over the engine, one instance of
            // each control) is built on the thread pool meanwhile, beside the rest of the import and the snapshot read,
            // instead of in front of the first result. The catalog is lazy, so whoever comes first builds it once.
            ThreadPool.QueueUserWorkItem(_ => WarmControlCatalog());

            var runspace = Runspace.DefaultRunspace;
            lock (Gate)
            {
                if (Importers.Count == 0)
                {
                    Hook();
                }

                if (Importers.Add((object?)runspace ?? NoRunspace) && runspace != null)
                {
                    runspace.StateChanged += OnRunspaceStateChanged;
                }
            }
        }

        private static void WarmControlCatalog()
        {
            try
            {
                _ = ControlCatalog.All;
            }
            catch (Exception)
            {
                // Never on a pool thread, where it would end the process: the catalog keeps the exception and the first
                // cmdlet that asks for it reports it as an error.
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo) => Release(Runspace.DefaultRunspace);

        private static void OnRunspaceStateChanged(object? sender, RunspaceStateEventArgs e)
        {
            if (e.RunspaceStateInfo.State == RunspaceState.Closed || e.RunspaceStateInfo.State == RunspaceState.Broken)
            {
                Release(sender as Runspace);
            }
        }

        private static void Release(Runspace? runspace)
        {
            lock (Gate)
            {
                if (!Importers.Remove((object?)runspace ?? NoRunspace))
                {
                    return;
                }

                if (runspace != null)
                {
                    runspace.StateChanged -= OnRunspaceStateChanged;
                }

                if (Importers.Count > 0)
                {
                    return;
                }

                // A session that never used the collector has no connection; asking would load the collector.
                if (IsCollectorLoaded())
                {
                    CloseConnection();
                }

                Unhook();
            }
        }

        private static void Hook()
        {
            if (IsNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencyFolder;
            }
            else
            {
                InvokeLoader("Initialize", DependencyFolder, EntryAssemblies);
            }
        }

        private static void Unhook()
        {
            if (IsNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromDependencyFolder;
            }
            else
            {
                InvokeLoader("Unhook");
            }
        }

        // The loader is net8.0 and this assembly netstandard2.0, so it is reached by reflection (LoadFrom returns the
        // already loaded assembly on later calls).
        private static void InvokeLoader(string method, params object[] arguments)
        {
            var loaderPath = Path.Combine(ModuleBinFolder, "ZeroTrustAI.Loader.dll");
            var loader = Assembly.LoadFrom(loaderPath);
            var target = loader.GetType(LoaderTypeName, throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException($"{loaderPath} has no {LoaderTypeName}.{method}.");
            target.Invoke(null, arguments);
        }

        private static bool IsCollectorLoaded()
        {
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (Array.IndexOf(EntryAssemblies, assembly.GetName().Name) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        // Kept out of OnRemove so that its collector types are resolved only when the collector is loaded. The
        // connection holds the credential and its tokens; each collection owns and disposes its HTTP clients.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CloseConnection() => ConnectionStore.Clear();

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
