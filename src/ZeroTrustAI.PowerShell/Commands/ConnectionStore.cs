using ZeroTrustAI.Collector.Connection;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// The module's one open connection, shared by every runspace of the process that imported the module (as
    /// Connect-MgGraph's is). Replaced by Connect-ZtaiTenant, cleared by Disconnect-ZtaiTenant.
    /// </summary>
    internal static class ConnectionStore
    {
        private static readonly object Gate = new object();
        private static ZtaiConnection? _current;

        public static ZtaiConnection? Current
        {
            get
            {
                lock (Gate)
                {
                    return _current;
                }
            }
        }

        public static void Set(ZtaiConnection connection)
        {
            lock (Gate)
            {
                _current = connection;
            }
        }

        /// <summary>Clears the connection and returns the one that was open, if any.</summary>
        public static ZtaiConnection? Clear()
        {
            lock (Gate)
            {
                var previous = _current;
                _current = null;
                return previous;
            }
        }
    }
}
