using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace ZeroTrustAI.Loader
{
    /// <summary>
    /// The load context of the module's isolated dependencies (bin/deps). The cmdlets, in the default context, ask
    /// only for the entry assemblies (ZeroTrustAI.Collector); the default context cannot find those, so its
    /// Resolving event hands them over to this context, which then loads their dependencies from bin/deps too.
    /// Azure.Core or MSAL loaded earlier by Az.Accounts or Microsoft.Graph.Authentication live in the default
    /// context and are never seen by ours. Assemblies that the .NET runtime itself provides (System.*, at the
    /// version asked for or later) are shared from the default context, as type identity requires.
    /// </summary>
    /// <remarks>
    /// The pattern of "Resolving PowerShell module assembly dependency conflicts" (Microsoft Learn,
    /// https://learn.microsoft.com/powershell/scripting/dev-cross-plat/resolving-dependency-conflicts), as used by
    /// PowerShellEditorServices and PowerShell-Yayaml.
    /// </remarks>
    public sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static readonly object Gate = new object();
        private static DependencyLoadContext? _instance;
        private static bool _hooked;

        private readonly string _folder;
        private readonly HashSet<string> _entryAssemblies;
        private readonly Dictionary<string, string> _platformAssemblies;

        private DependencyLoadContext(string folder, IEnumerable<string> entryAssemblies)
            : base("ZeroTrustAI", isCollectible: false)
        {
            _folder = folder;
            _entryAssemblies = new HashSet<string>(entryAssemblies, StringComparer.OrdinalIgnoreCase);
            _platformAssemblies = ReadPlatformAssemblies();
        }

        /// <summary>The context, once <see cref="Initialize"/> has run.</summary>
        public static DependencyLoadContext? Instance
        {
            get
            {
                lock (Gate)
                {
                    return _instance;
                }
            }
        }

        /// <summary>The folder the isolated assemblies are loaded from.</summary>
        public string Folder => _folder;

        /// <summary>True while the default context resolves the entry assemblies through this context.</summary>
        public static bool IsHooked
        {
            get
            {
                lock (Gate)
                {
                    return _hooked;
                }
            }
        }

        /// <summary>
        /// Creates the context for <paramref name="folder"/> and lets the default context resolve the
        /// <paramref name="entryAssemblies"/> (simple names) through it. A module imported again (after
        /// <see cref="Unhook"/>, or Import-Module -Force) hooks the context of its first import again, as .NET cannot
        /// unload the assemblies already loaded into it.
        /// </summary>
        public static void Initialize(string folder, string[] entryAssemblies)
        {
            ArgumentNullException.ThrowIfNull(folder);
            ArgumentNullException.ThrowIfNull(entryAssemblies);

            lock (Gate)
            {
                _instance ??= new DependencyLoadContext(Path.GetFullPath(folder), entryAssemblies);
                if (!_hooked)
                {
                    Default.Resolving += ResolveEntryAssembly;
                    _hooked = true;
                }
            }
        }

        /// <summary>
        /// Stops resolving the entry assemblies for the default context (Remove-Module). Assemblies already loaded
        /// stay, but nothing else in the session can reach ours through the default context any more.
        /// </summary>
        public static void Unhook()
        {
            lock (Gate)
            {
                if (_hooked)
                {
                    Default.Resolving -= ResolveEntryAssembly;
                    _hooked = false;
                }
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName?.Name == null)
            {
                return null;
            }

            var path = Path.Combine(_folder, assemblyName.Name + ".dll");
            if (!File.Exists(path))
            {
                // Not ours (System.Management.Automation, the runtime's own): the default context provides it.
                return null;
            }

            if (IsProvidedByPlatform(assemblyName))
            {
                return null;
            }

            return LoadFromAssemblyPath(path);
        }

        private static Assembly? ResolveEntryAssembly(AssemblyLoadContext context, AssemblyName assemblyName)
        {
            var instance = Instance;
            if (instance == null || assemblyName.Name == null || !instance._entryAssemblies.Contains(assemblyName.Name))
            {
                return null;
            }

            return instance.LoadFromAssemblyName(assemblyName);
        }

        // Our bin/deps holds netstandard2.0 builds of some System.* libraries (for Windows PowerShell); on .NET the
        // runtime's copy must win, or types such as Span<T> or JsonElement would exist twice.
        private bool IsProvidedByPlatform(AssemblyName wanted)
        {
            if (!_platformAssemblies.TryGetValue(wanted.Name!, out var platformPath))
            {
                return false;
            }

            try
            {
                var platform = AssemblyName.GetAssemblyName(platformPath).Version;
                return wanted.Version == null || (platform != null && platform >= wanted.Version);
            }
            catch (Exception exception) when (exception is IOException || exception is BadImageFormatException)
            {
                return false;
            }
        }

        private static Dictionary<string, string> ReadPlatformAssemblies()
        {
            var assemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
            {
                foreach (var path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
                {
                    assemblies[Path.GetFileNameWithoutExtension(path)] = path;
                }
            }

            return assemblies;
        }
    }
}
