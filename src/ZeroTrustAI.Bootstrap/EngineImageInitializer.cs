using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ZeroTrustAI.Bootstrap
{
    /// <summary>
    /// Loads ZeroTrustAI.Engine when the module is imported, before the cmdlets' assembly: on PowerShell 7.6 on x64 or
    /// arm64 Linux, Windows or macOS, the image compiled ahead of time for that platform (bin/ready-to-run/&lt;rid&gt;/,
    /// built by src/ZeroTrustAI.ReadyToRun), which spares compiling about two thousand of the engine's methods on the
    /// first assessment of a session; everywhere else (Windows PowerShell, other platforms or .NET versions, an image
    /// the runtime refuses) the IL assembly in bin/.
    /// </summary>
    /// <remarks>
    /// It has to be a nested module of its own: PowerShell lists the cmdlets' types before their assembly's initializer
    /// runs, and listing them loads the engine (their parameters hold engine enums), from beside the cmdlets' assembly
    /// unless an engine is loaded already. The manifest names this module first among NestedModules, which PowerShell
    /// imports before the RootModule.
    /// </remarks>
    public sealed class EngineImageInitializer : IModuleAssemblyInitializer
    {
        private const string EngineAssemblyName = "ZeroTrustAI.Engine";
        private const string ReadyToRunFolderName = "ready-to-run";

        // The .NET major version of PowerShell 7.6, which the images are compiled for; another version would not use
        // their native code.
        private const int ReadyToRunRuntimeMajorVersion = 10;

        private static string BinFolder => Path.GetDirectoryName(typeof(EngineImageInitializer).Assembly.Location) ?? ".";

        /// <summary>The engine image this process loads: the ReadyToRun image for this platform if the module has one, else bin/'s IL.</summary>
        public static string EnginePath => ReadyToRunEnginePath() ?? ILEnginePath;

        private static string ILEnginePath => Path.Combine(BinFolder, EngineAssemblyName + ".dll");

        public void OnImport()
        {
            if (IsEngineLoaded())
            {
                return;
            }

            var readyToRun = ReadyToRunEnginePath();
            if (readyToRun != null)
            {
                try
                {
                    Assembly.LoadFrom(readyToRun);
                    return;
                }
                catch (Exception e) when (e is BadImageFormatException || e is FileLoadException)
                {
                    // Fall through to the IL assembly, which every runtime loads.
                }
            }

            Assembly.LoadFrom(ILEnginePath);
        }

        private static bool IsEngineLoaded()
        {
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (string.Equals(assembly.GetName().Name, EngineAssemblyName, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? ReadyToRunEnginePath()
        {
            var runtimeIdentifier = PortableRuntimeIdentifier();
            if (runtimeIdentifier == null)
            {
                return null;
            }

            var path = Path.Combine(BinFolder, ReadyToRunFolderName, runtimeIdentifier, EngineAssemblyName + ".dll");
            return File.Exists(path) ? path : null;
        }

        // linux-x64, win-x64, osx-arm64, ... for this process, or null where no image can apply.
        private static string? PortableRuntimeIdentifier()
        {
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase)
                || Environment.Version.Major != ReadyToRunRuntimeMajorVersion)
            {
                return null;
            }

            string? os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                : null;
            string? architecture = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                _ => null,
            };
            return os == null || architecture == null ? null : os + "-" + architecture;
        }
    }
}
