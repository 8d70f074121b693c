using System;

namespace ZeroTrustAI.Collector.Collection
{
    /// <summary>ARM answered 403: the identity may not read this collection, which is skipped naming the role it needs.</summary>
    internal sealed class ArmAccessDeniedException : Exception
    {
        public ArmAccessDeniedException(string missingPermission, string message)
            : base(message)
        {
            MissingPermission = missingPermission;
        }

        public string MissingPermission { get; }
    }

    /// <summary>An ARM request failed for good (after the pipeline's retries): the collection is marked failed.</summary>
    internal sealed class ArmRequestException : Exception
    {
        public ArmRequestException(string message)
            : base(message)
        {
        }
    }

    /// <summary>Requests spent on a unit of work (a page, a parent), retries included; what the checkpoint records.</summary>
    internal sealed class ArmRequestTally
    {
        private int _count;

        public int Count => System.Threading.Volatile.Read(ref _count);

        public void Add(int requests) => System.Threading.Interlocked.Add(ref _count, requests);

        /// <summary>Returns the count and starts again from zero.</summary>
        public int Take() => System.Threading.Interlocked.Exchange(ref _count, 0);
    }
}
