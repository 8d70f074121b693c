using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using ZeroTrustAI.Engine.Azure;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Reachability;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Engine.Controls
{
    /// <summary>Where a control maps in the frameworks users already work with. Immutable.</summary>
    public sealed class ControlMappings
    {
        public static readonly ControlMappings None = new ControlMappings();

        /// <param name="workshop">Zero Trust Workshop AI pillar items, e.g. "AI_012".</param>
        /// <param name="zeroTrustAssessment">Microsoft Zero Trust Assessment test ids, e.g. "21772".</param>
        /// <param name="mcsb">Microsoft cloud security benchmark controls, e.g. "IM-3".</param>
        /// <param name="owaspLlm">OWASP Top 10 for LLM applications (2025), e.g. "LLM06:2025 Excessive Agency".</param>
        /// <param name="azurePolicy">Azure Policy built-in definitions judging the same setting (name or id prefix).</param>
        /// <param name="psRule">PSRule for Azure rules judging the same setting, e.g. "Azure.Storage.MinTLS".</param>
        public ControlMappings(
            IEnumerable<string>? workshop = null,
            IEnumerable<string>? zeroTrustAssessment = null,
            IEnumerable<string>? mcsb = null,
            IEnumerable<string>? owaspLlm = null,
            IEnumerable<string>? azurePolicy = null,
            IEnumerable<string>? psRule = null)
        {
            Workshop = ControlMetadata.Freeze(workshop);
            ZeroTrustAssessment = ControlMetadata.Freeze(zeroTrustAssessment);
            Mcsb = ControlMetadata.Freeze(mcsb);
            OwaspLlm = ControlMetadata.Freeze(owaspLlm);
            AzurePolicy = ControlMetadata.Freeze(azurePolicy);
            PSRule = ControlMetadata.Freeze(psRule);
        }

        public ReadOnlyCollection<string> Workshop { get; }

        public ReadOnlyCollection<string> ZeroTrustAssessment { get; }

        public ReadOnlyCollection<string> Mcsb { get; }

        public ReadOnlyCollection<string> OwaspLlm { get; }

        public ReadOnlyCollection<string> AzurePolicy { get; }

        public ReadOnlyCollection<string> PSRule { get; }
    }

    /// <summary>
    /// How a control describes itself, written once in its class: every word of its prose lives here (the docs page
    /// is generated from it by <c>build.ps1 -Task Docs</c>). The engine turns it into the immutable
    /// <see cref="ControlMetadata"/> users see.
    /// </summary>
    public sealed class ControlDefinition
    {
        /// <summary>Stable id, ZTAI-&lt;pillar&gt;-&lt;nnn&gt; (e.g. ZTAI-AI-001). Never reused.</summary>
        public string Id { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        public Pillar Pillar { get; init; }

        public Principle Principle { get; init; }

        public Severity Severity { get; init; }

        /// <summary>What the control checks, in one or two sentences.</summary>
        public string Description { get; init; } = string.Empty;

        /// <summary>Why it matters for AI: the attack it blunts (Markdown).</summary>
        public string Rationale { get; init; } = string.Empty;

        /// <summary>Exactly what is read and what passes (Markdown list): the docs page's "How it is checked".</summary>
        public string Checks { get; init; } = string.Empty;

        /// <summary>How to fix a failure (Markdown): portal, CLI, template.</summary>
        public string Remediation { get; init; } = string.Empty;

        /// <summary>Microsoft Learn (or other primary) links.</summary>
        public IReadOnlyList<string> References { get; init; } = Array.Empty<string>();

        public ControlMappings Mappings { get; init; } = ControlMappings.None;

        /// <summary>Data sets (see <see cref="DataSets"/>) the control cannot be judged without.</summary>
        public IReadOnlyList<string> RequiredData { get; init; } = Array.Empty<string>();

        /// <summary>Data sets read when present; see <see cref="DataRequirement.Optional"/>.</summary>
        public IReadOnlyList<string> OptionalData { get; init; } = Array.Empty<string>();

        /// <summary>The shared indexes and analyses the control reads through, each with its own data requirement.</summary>
        public IReadOnlyList<DataRequirement> Uses { get; init; } = Array.Empty<DataRequirement>();

        /// <summary>Parameters a settings file may set for the control; the control reads them through <see cref="Control"/>.</summary>
        public IReadOnlyList<ControlParameter> Parameters { get; init; } = Array.Empty<ControlParameter>();
    }

    /// <summary>
    /// Everything about a control except how it evaluates: shown by Get-ZtaiControl and in reports. Immutable, so
    /// nothing a user holds can change how the engine judges.
    /// </summary>
    public sealed class ControlMetadata
    {
        /// <summary>The metadata of a definition; <paramref name="implied"/> adds data the control's form reads (a rule's resource type).</summary>
        public ControlMetadata(ControlDefinition definition, DataRequirement? implied = null)
        {
            if (definition == null)
            {
                throw new ArgumentNullException(nameof(definition));
            }

            Id = definition.Id;
            Title = definition.Title;
            Pillar = definition.Pillar;
            Principle = definition.Principle;
            Severity = definition.Severity;
            Description = definition.Description;
            Rationale = definition.Rationale;
            Checks = definition.Checks;
            Remediation = definition.Remediation;
            References = Freeze(definition.References);
            Mappings = definition.Mappings;
            Parameters = new ReadOnlyCollection<ControlParameter>(definition.Parameters.ToArray());

            var data = (implied ?? DataRequirement.None)
                .And(definition.RequiredData, definition.OptionalData, Array.Empty<string>());
            foreach (var used in definition.Uses)
            {
                data = data.And(used);
            }

            // Data controls that judge stores (a store type or a child of one is their own data, not a set that only widens
            // targets) mark results on stores AI reaches, and need the reachability index's data.
            MarksAiReach = definition.Pillar == Pillar.Data
                           && data.Required.Concat(data.Optional).Any(set => ResourceTypes.DataStoreTypes.Select(DataSets.Arm).Any(store =>
                               set.Equals(store, StringComparison.OrdinalIgnoreCase) || set.StartsWith(store + "/", StringComparison.OrdinalIgnoreCase)));
            Data = MarksAiReach ? data.And(AiReachability.Data) : data;
        }

        /// <summary>
        /// True for Data controls that judge data stores: a result on a store some AI reaches says which AI and how, and
        /// is judged one severity level higher (docs/architecture.md, "What AI can reach").
        /// </summary>
        public bool MarksAiReach { get; }

        public string Id { get; }

        public string Title { get; }

        public Pillar Pillar { get; }

        public Principle Principle { get; }

        public Severity Severity { get; }

        /// <summary>What the control checks, in one or two sentences.</summary>
        public string Description { get; }

        /// <summary>Why it matters for AI: the attack it blunts.</summary>
        public string Rationale { get; }

        /// <summary>Exactly what is read and what passes.</summary>
        public string Checks { get; }

        /// <summary>How to fix a failure.</summary>
        public string Remediation { get; }

        public ReadOnlyCollection<string> References { get; }

        public ControlMappings Mappings { get; }

        /// <summary>Parameters a settings file may set (docs/settings.md).</summary>
        public ReadOnlyCollection<ControlParameter> Parameters { get; }

        /// <summary>Every data set the control reads, its own and its indexes', by how it is needed.</summary>
        public DataRequirement Data { get; }

        /// <summary>Data sets the control cannot be judged without.</summary>
        public ReadOnlyCollection<string> RequiredData => Data.Required;

        /// <summary>Data sets read when present; recorded as not collected gives Skipped, unreadable gives Error.</summary>
        public ReadOnlyCollection<string> OptionalData => Data.Optional;

        /// <summary>Data sets that only widen the targets; not collected adds one Skipped result naming the set.</summary>
        public ReadOnlyCollection<string> DiscoveryData => Data.Discovery;

        public override string ToString() => Id;

        internal static ReadOnlyCollection<string> Freeze(IEnumerable<string>? values) =>
            new ReadOnlyCollection<string>((values ?? Array.Empty<string>()).ToArray());
    }
}
