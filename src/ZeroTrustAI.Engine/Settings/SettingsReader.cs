using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using ZeroTrustAI.Engine.Controls;
using ZeroTrustAI.Engine.Model;

namespace ZeroTrustAI.Engine.Settings
{
    /// <summary>One reason a settings file is refused: the JSON path of the key and what is wrong with it.</summary>
    public sealed class SettingsError
    {
        public SettingsError(string key, string reason)
        {
            Key = key;
            Reason = reason;
        }

        public string Key { get; }

        public string Reason { get; }

        public override string ToString() => $"{Key}: {Reason}";
    }

    /// <summary>A settings file that cannot be used; it names the file and every key that is wrong, and why.</summary>
    public sealed class SettingsException : Exception
    {
        public const string InvalidErrorId = "SettingsInvalid";
        public const string NotFoundErrorId = "SettingsNotFound";

        public SettingsException(string errorId, string file, IReadOnlyList<SettingsError> errors)
            : base($"The settings file '{file}' is refused, nothing of it was applied: {string.Join("; ", errors)}")
        {
            ErrorId = errorId;
            File = file;
            Errors = errors;
        }

        /// <summary>SettingsInvalid or SettingsNotFound.</summary>
        public string ErrorId { get; }

        public string File { get; }

        public IReadOnlyList<SettingsError> Errors { get; }
    }

    /// <summary>
    /// Reads and validates a settings file (docs/settings.md; schema docs/schema/settings-1.0.schema.json). The checks
    /// here are the schema's plus what a schema cannot know: that control ids and parameter names exist.
    /// </summary>
    public static class SettingsReader
    {
        public const string SchemaVersion = "1.0";

        public static AssessmentSettings Read(string path, IEnumerable<Control>? controls = null)
        {
            if (!System.IO.File.Exists(path))
            {
                throw new SettingsException(SettingsException.NotFoundErrorId, path, new[] { new SettingsError("$", "the file does not exist.") });
            }

            return Parse(System.IO.File.ReadAllText(path), path, controls);
        }

        /// <summary>Settings from JSON text; <paramref name="source"/> names it in errors. Throws <see cref="SettingsException"/> listing every problem.</summary>
        public static AssessmentSettings Parse(string json, string source, IEnumerable<Control>? controls = null)
        {
            var catalog = (controls ?? ControlCatalog.All).ToDictionary(c => c.Metadata.Id, c => c.Metadata, StringComparer.OrdinalIgnoreCase);
            var errors = new List<SettingsError>();
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException exception)
            {
                throw new SettingsException(SettingsException.InvalidErrorId, source, new[]
                {
                    new SettingsError("$", $"not valid JSON (line {exception.LineNumber + 1}, position {exception.BytePositionInLine + 1}): {exception.Message}"),
                });
            }

            var suppressions = new List<Suppression>();
            var controlSettings = new Dictionary<string, ControlSettings>(StringComparer.OrdinalIgnoreCase);
            Agents.PrivilegeTierTable? privilegeTiers = null;
            using (document)
            {
                var root = document.RootElement;
                foreach (var (name, value) in Properties(root, "$", errors, "$schema", "version", "suppressions", "controls", "privilegeTiers"))
                {
                    switch (name)
                    {
                        case "version":
                            if (value.ValueKind != JsonValueKind.String || value.GetString() != SchemaVersion)
                            {
                                errors.Add(new SettingsError("$.version", $"must be \"{SchemaVersion}\", not {ControlParameter.Describe(value)}."));
                            }

                            break;
                        case "suppressions":
                            ReadSuppressions(value, catalog, errors, suppressions);
                            break;
                        case "privilegeTiers":
                            // Same shape as a Test-ZtaiAgentPrivilege -TierTable file (docs/privilege-tiers.md).
                            try
                            {
                                privilegeTiers = value.ValueKind == JsonValueKind.Object
                                    ? Agents.PrivilegeTierTable.Default.WithOverrides(value, source)
                                    : throw new System.IO.InvalidDataException("must be an object with graphApplicationPermissions, entraRoles or azureRoles.");
                            }
                            catch (System.IO.InvalidDataException exception)
                            {
                                errors.Add(new SettingsError("$.privilegeTiers", exception.Message));
                            }

                            break;
                        case "controls":
                            foreach (var (id, entry) in Properties(value, "$.controls", errors))
                            {
                                ReadControl(id, entry, catalog, errors, controlSettings);
                            }

                            break;
                    }
                }
            }

            if (errors.Count > 0)
            {
                throw new SettingsException(SettingsException.InvalidErrorId, source, errors);
            }

            return new AssessmentSettings(source, suppressions, controlSettings, privilegeTiers);
        }

        private static void ReadSuppressions(JsonElement array, Dictionary<string, ControlMetadata> catalog, List<SettingsError> errors, List<Suppression> suppressions)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new SettingsError("$.suppressions", "must be an array of suppressions."));
                return;
            }

            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var key = $"$.suppressions[{index++}]";
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, value) in Properties(item, key, errors, "controlId", "target", "justification", "owner", "expiresOn"))
                {
                    if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                    {
                        errors.Add(new SettingsError($"{key}.{name}", $"must be a non-empty string, not {ControlParameter.Describe(value)}."));
                        continue;
                    }

                    fields[name] = value.GetString()!.Trim();
                }

                if (item.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var required in new[] { "controlId", "target", "justification", "owner", "expiresOn" }.Where(r => !item.TryGetProperty(r, out _)))
                {
                    errors.Add(new SettingsError($"{key}.{required}", "is required."));
                }

                var controlId = fields.TryGetValue("controlId", out var id) ? id : null;
                if (controlId != null && !catalog.TryGetValue(controlId, out _))
                {
                    errors.Add(new SettingsError($"{key}.controlId", $"no control has the id '{controlId}' (Get-ZtaiControl lists them)."));
                    controlId = null;
                }

                DateTime? expiresOn = null;
                if (fields.TryGetValue("expiresOn", out var date))
                {
                    if (DateTime.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    {
                        expiresOn = parsed;
                    }
                    else
                    {
                        errors.Add(new SettingsError($"{key}.expiresOn", $"'{date}' is not a date in the form yyyy-MM-dd."));
                    }
                }

                if (controlId != null && expiresOn != null && fields.Count == 5)
                {
                    suppressions.Add(new Suppression(key, catalog[controlId].Id, fields["target"], fields["justification"], fields["owner"], expiresOn.Value));
                }
            }
        }

        private static void ReadControl(string id, JsonElement entry, Dictionary<string, ControlMetadata> catalog, List<SettingsError> errors, Dictionary<string, ControlSettings> controls)
        {
            var key = $"$.controls['{id}']";
            if (!catalog.TryGetValue(id, out var metadata))
            {
                errors.Add(new SettingsError(key, $"no control has the id '{id}' (Get-ZtaiControl lists them)."));
                return;
            }

            Severity? severity = null;
            var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var (name, value) in Properties(entry, key, errors, "severity", "parameters"))
            {
                if (name == "severity")
                {
                    if (value.ValueKind == JsonValueKind.String && Enum.GetNames(typeof(Severity)).Contains(value.GetString()))
                    {
                        severity = (Severity)Enum.Parse(typeof(Severity), value.GetString()!);
                    }
                    else
                    {
                        errors.Add(new SettingsError($"{key}.severity", $"must be one of {string.Join(", ", Enum.GetNames(typeof(Severity)))}, not {ControlParameter.Describe(value)}."));
                    }

                    continue;
                }

                var declared = metadata.Parameters.Select(p => p.Name).ToArray();
                if (declared.Length == 0 && value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any())
                {
                    errors.Add(new SettingsError($"{key}.parameters", $"control {metadata.Id} takes no parameters."));
                    continue;
                }

                foreach (var (parameterName, parameterValue) in Properties(value, $"{key}.parameters", errors, declared))
                {
                    var parameter = metadata.Parameters.First(p => p.Name == parameterName);
                    var parsed = parameter.Parse(parameterValue, out var reason);
                    if (parsed == null)
                    {
                        errors.Add(new SettingsError($"{key}.parameters.{parameterName}", reason));
                    }
                    else
                    {
                        parameters[parameterName] = parsed;
                    }
                }
            }

            if (controls.ContainsKey(metadata.Id))
            {
                errors.Add(new SettingsError(key, $"control {metadata.Id} is listed twice."));
                return;
            }

            controls[metadata.Id] = new ControlSettings(severity, parameters);
        }

        /// <summary>
        /// The properties of an object, refusing a non-object, repeated keys and (when <paramref name="allowed"/> is
        /// given) keys not in it. Property names are case-sensitive, as in the schema.
        /// </summary>
        private static IEnumerable<(string Name, JsonElement Value)> Properties(JsonElement element, string key, List<SettingsError> errors, params string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new SettingsError(key, $"must be an object, not {ControlParameter.Describe(element)}."));
                yield break;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                var path = $"{key}.{property.Name}";
                if (!seen.Add(property.Name))
                {
                    errors.Add(new SettingsError(path, "appears more than once."));
                    continue;
                }

                if (allowed.Length > 0 && !allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    errors.Add(new SettingsError(path, $"is not a known key here (known: {string.Join(", ", allowed)})."));
                    continue;
                }

                yield return (property.Name, property.Value);
            }
        }
    }
}
