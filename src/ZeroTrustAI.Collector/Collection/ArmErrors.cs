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
}
