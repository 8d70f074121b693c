using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Evaluation;
using ZeroTrustAI.Engine.Model;
using ZeroTrustAI.Engine.Settings;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.PowerShell.Commands
{
    /// <summary>
    /// Evaluates the Zero Trust for AI controls over a tenant snapshot and streams one result per (control, target).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ZtaiAssessment", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(AssessmentResult))]
    public sealed class GetZtaiAssessmentCommand : ZtaiControlFilterCmdlet
    {
        public const string GateFailedErrorId = "AssessmentGateFailed";
        private const string SnapshotSet = "Snapshot";
        private const string SampleSet = "Sample";
        private const string LiveSet = "Live";
        private const string InputObjectSet = "InputObject";
        private const int CollectProgressId = 3;
        private const int ReadProgressId = 1;
        private const int AssessProgressId = 2;

        // Ids arrive one pipeline object at a time; the assessment runs once, over all of them, at the end.
        private readonly List<string> _controlIds = new List<string>();

        // Piped snapshots share one selection of controls (and one report of unknown ids).
        private IReadOnlyList<Control>? _pipedControls;

        // Read once, before any snapshot is read or collected, so an invalid file stops the command before any work.
        private AssessmentSettings? _settings;

        /// <summary>A snapshot folder or .zip, or a snapshot from Import-ZtaiSnapshot.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SnapshotSet)]
        [Alias("Path")]
        [ValidateNotNull]
        public object Snapshot { get; set; } = string.Empty;

        /// <summary>Snapshots piped from Import-ZtaiSnapshot; each is assessed as it arrives.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [ValidateNotNull]
        public TenantSnapshot? InputObject { get; set; }

        /// <summary>Assess the bundled Contoso sample tenant.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SampleSet)]
        public SwitchParameter Sample { get; set; }

        /// <summary>
        /// Live: where to save the snapshot collected from the connected tenant before it is assessed (a new temporary
        /// folder when not given; it is kept, and its path is shown, so it can be assessed again or resumed).
        /// </summary>
        [Parameter(ParameterSetName = LiveSet)]
        [ValidateNotNullOrEmpty]
        public string? SnapshotOutputPath { get; set; }

        /// <summary>Control ids, with wildcards; bound by property name (Id) from Get-ZtaiControl output.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? ControlId { get; set; }

        /// <summary>A one-line gate: after writing every result, fails (pwsh exits non-zero) when a result of this severity or worse fails.</summary>
        [Parameter]
        public Severity? FailOn { get; set; }

        /// <summary>
        /// A settings file (path) or settings already read with [ZeroTrustAI.Engine.Settings.SettingsReader]::Read: suppressions,
        /// severity overrides and control parameters (docs/settings.md).
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public object? Settings { get; set; }

        /// <summary>
        /// Controls evaluated at once (default: one per processor, at most 8); 1 evaluates one after the other. Results
        /// come in the same order whatever the limit.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = AssessmentEngine.DefaultParallelism;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                // Piped snapshots carry no control ids: -ControlId and the filters select the controls.
                _pipedControls ??= SelectControls((ControlId ?? Array.Empty<string>()).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
                Run(_ => InputObject!, _pipedControls);
                return;
            }

            if (ControlId != null)
            {
                _controlIds.AddRange(ControlId);
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == InputObjectSet)
            {
                return;
            }

            if (MyInvocation.ExpectingInput && _controlIds.Count == 0)
            {
                // Piped input that carried no control (an empty Get-ZtaiControl result) selects nothing, not everything.
                WriteVerbose("No control was piped in; nothing to assess.");
                return;
            }

            Run(
                progressId => ParameterSetName == SampleSet ? ReadSnapshot(SampleTenantPath, progressId)
                    : ParameterSetName == LiveSet ? ReadSnapshot(CollectLive(), progressId)
                    : ResolveSnapshot(Snapshot, progressId),
                SelectControls(_controlIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList()));
        }

        private void Run(Func<int, TenantSnapshot> getSnapshot, IReadOnlyList<Control> controls)
        {
            try
            {
                _settings ??= ResolveSettings();
                var snapshot = getSnapshot(ReadProgressId);
                if (controls.Count == 0)
                {
                    WriteVerbose("No control matches the filters; nothing to assess.");
                    return;
                }

                WriteVerbose($"Assessing {controls.Count} control(s) over '{snapshot.Source}'.");
                Assess(snapshot, controls);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Live set: collects what the selected pillars need from the connected tenant, then returns the folder.</summary>
        private string CollectLive()
        {
            var connection = LiveCollection.RequireConnection(this);
            var path = SnapshotOutputPath != null
                ? ResolveSnapshotPath(SnapshotOutputPath)
                : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ZeroTrustAI-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            WriteVerbose($"No -Snapshot: collecting from tenant {connection.TenantId} into '{path}' first.");
            var options = SaveZtaiSnapshotCommand.CreateOptions(Pillar, null, resume: false, force: false, requestTimeoutSeconds: 100);
            var result = LiveCollection.Run(this, connection, path, options, CollectProgressId, CancellationToken);
            WriteVerbose(result.ToString());
            WriteInformation(new InformationRecord($"Snapshot collected into '{path}': {result}", MyInvocation.MyCommand.Name));
            return path;
        }

        private void Assess(TenantSnapshot snapshot, IReadOnlyList<Control> controls)
        {
            const string activity = "Assessing controls";
            var reporter = new SynchronousProgress<AssessmentProgress>(p => WriteProgress(new ProgressRecord(AssessProgressId, activity, $"{p.ControlId}: {p.Title}")
            {
                CurrentOperation = $"Control {p.Index + 1} of {p.Count}, {p.ResultsSoFar} result(s) so far",
                PercentComplete = (int)(100.0 * p.Index / p.Count),
            }));

            var counts = new Dictionary<ResultStatus, int>();
            var gateFailures = new List<AssessmentResult>();
            RunContext? run = null;
            try
            {
                foreach (var result in AssessmentEngine.Evaluate(snapshot, controls, _settings ?? AssessmentSettings.Empty, DateTimeOffset.UtcNow, reporter, ThrottleLimit, CancellationToken))
                {
                    run ??= result.Run;
                    counts[result.Status] = counts.TryGetValue(result.Status, out var count) ? count + 1 : 1;
                    if (FailOn.HasValue && result.Status == ResultStatus.Fail && (int)result.Severity <= (int)FailOn.Value)
                    {
                        gateFailures.Add(result);
                    }

                    WriteObject(result);
                }
            }
            finally
            {
                WriteProgress(new ProgressRecord(AssessProgressId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            }

            WriteVerbose(Summarize(controls.Count, counts) + (run == null ? string.Empty : " Run " + run.RunId + "."));
            if (gateFailures.Count > 0)
            {
                var shown = string.Join(", ", gateFailures.Take(5).Select(f => f.ControlId + " on " + f.ResourceName)) + (gateFailures.Count > 5 ? ", ..." : string.Empty);
                PipelineGate.Fail(this, GateFailedErrorId, $"{gateFailures.Count} result(s) fail at severity {FailOn} or worse: {shown}.", gateFailures);
            }
        }

        /// <summary>The settings -Settings names; an unreadable or invalid file ends the command (SettingsNotFound, SettingsInvalid).</summary>
        private AssessmentSettings ResolveSettings()
        {
            switch (Settings is PSObject wrapped ? wrapped.BaseObject : Settings)
            {
                case null:
                    return AssessmentSettings.Empty;
                case AssessmentSettings read:
                    return read;
                case System.IO.FileInfo file:
                    return ReadSettings(file.FullName);
                case string path when !string.IsNullOrWhiteSpace(path):
                    return ReadSettings(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path));
                default:
                    var exception = new ArgumentException($"-Settings takes a settings file path or settings read by SettingsReader; '{Settings}' is neither.");
                    ThrowTerminatingError(new ErrorRecord(exception, "SettingsArgumentInvalid", ErrorCategory.InvalidArgument, Settings));
                    throw exception; // unreachable: ThrowTerminatingError always throws
            }
        }

        private AssessmentSettings ReadSettings(string path)
        {
            try
            {
                var settings = SettingsReader.Read(path);
                WriteVerbose($"Settings: {settings}.");
                return settings;
            }
            catch (SettingsException exception)
            {
                var category = exception.ErrorId == SettingsException.NotFoundErrorId ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData;
                ThrowTerminatingError(new ErrorRecord(exception, exception.ErrorId, category, path));
                throw; // unreachable: ThrowTerminatingError always throws
            }
            catch (System.IO.IOException exception)
            {
                ThrowTerminatingError(new ErrorRecord(exception, SettingsException.InvalidErrorId, ErrorCategory.ReadError, path));
                throw; // unreachable
            }
        }

        /// <summary>"Assessed 12 control(s): 30 result(s): Pass 10, Fail 15, ..." in the order of ResultStatus.</summary>
        private static string Summarize(int controlCount, Dictionary<ResultStatus, int> counts)
        {
            var total = counts.Values.Sum();
            var parts = Enum.GetValues(typeof(ResultStatus)).Cast<ResultStatus>()
                .Where(counts.ContainsKey)
                .Select(status => string.Format(CultureInfo.InvariantCulture, "{0} {1}", status, counts[status]));
            return string.Format(CultureInfo.InvariantCulture, "Assessed {0} control(s): {1} result(s): {2}.", controlCount, total, string.Join(", ", parts));
        }
    }
}
