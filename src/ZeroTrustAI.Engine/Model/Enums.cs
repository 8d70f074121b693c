namespace ZeroTrustAI.Engine.Model
{
    /// <summary>The Zero Trust for AI pillar a control belongs to.</summary>
    public enum Pillar
    {
        AI,
        Data,
        Network,
    }

    /// <summary>The Zero Trust principle a control checks.</summary>
    public enum Principle
    {
        VerifyExplicitly,
        LeastPrivilege,
        AssumeBreach,
    }

    /// <summary>How much a failure of the control matters. Ordered from most to least severe.</summary>
    public enum Severity
    {
        Critical,
        High,
        Medium,
        Low,
        Informational,
    }

    /// <summary>The outcome of one control for one target.</summary>
    public enum ResultStatus
    {
        Pass,
        Fail,
        Warning,
        NotApplicable,
        Skipped,
        Error,
        Suppressed,
    }
}
