using System;
using System.Collections.Generic;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Controls
{
    /// <summary>Where a control maps in the frameworks users already work with.</summary>
    public sealed class ControlMappings
    {
        /// <summary>Zero Trust Workshop AI pillar items, e.g. "AI_012".</summary>
        public IReadOnlyList<string> Workshop { get; set; } = Array.Empty<string>();

        /// <summary>Microsoft Zero Trust Assessment test ids, e.g. "21772".</summary>
        public IReadOnlyList<string> ZeroTrustAssessment { get; set; } = Array.Empty<string>();

        /// <summary>Microsoft cloud security benchmark controls, e.g. "IM-3".</summary>
        public IReadOnlyList<string> Mcsb { get; set; } = Array.Empty<string>();

        /// <summary>OWASP Top 10 for LLM applications (2025), e.g. "LLM06:2025 Excessive Agency".</summary>
        public IReadOnlyList<string> OwaspLlm { get; set; } = Array.Empty<string>();
    }

    /// <summary>Everything about a control except how it evaluates: shown by Get-ZtaiControl and in reports.</summary>
    public sealed class ControlMetadata
    {
        /// <summary>Stable id, ZTAI-&lt;pillar&gt;-&lt;nnn&gt; (e.g. ZTAI-AI-001). Never reused.</summary>
        public string Id { get; set; } = string.Empty;

        public string Title { get; set; } = string.Empty;

        public Pillar Pillar { get; set; }

        public Principle Principle { get; set; }

        public Severity Severity { get; set; }

        /// <summary>What the control checks, in one or two sentences.</summary>
        public string Description { get; set; } = string.Empty;

        /// <summary>Why it matters for AI: the attack it blunts.</summary>
        public string Rationale { get; set; } = string.Empty;

        /// <summary>How to fix a failure.</summary>
        public string Remediation { get; set; } = string.Empty;

        /// <summary>Microsoft Learn (or other primary) links.</summary>
        public IReadOnlyList<string> References { get; set; } = Array.Empty<string>();

        public ControlMappings Mappings { get; set; } = new ControlMappings();

        /// <summary>Data sets (see <see cref="Snapshot.DataSets"/>) the control cannot be judged without.</summary>
        public IReadOnlyList<string> RequiredData { get; set; } = Array.Empty<string>();

        /// <summary>
        /// Data sets the control reads when present but can judge without (e.g. owners, which may also come inline).
        /// Absent is fine; recorded as not collected makes the control Skipped, unreadable makes it Error, so a
        /// judgement never rests on data that was lost.
        /// </summary>
        public IReadOnlyList<string> OptionalData { get; set; } = Array.Empty<string>();
    }
}
