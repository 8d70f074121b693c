using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZeroTrustAI.Emulator.Http;
using ZeroTrustAI.Engine.Snapshot;

namespace ZeroTrustAI.Emulator.Arm
{
    /// <summary>
    /// Azure Resource Graph (POST /providers/Microsoft.ResourceGraph/resources) for an explicit, small query grammar:
    /// <c>&lt;table&gt; | where type in~ ('a', 'b')</c> or <c>&lt;table&gt; | where type =~ 'a'</c>, optionally followed by
    /// <c>| order by id asc</c> (rows sorted by id) and <c>| project ...</c> (ignored: whole rows are returned). Tables: <c>resources</c> (top-level resources: child and
    /// extension resources such as model deployments, RAI policies and diagnostic settings are not indexed, as on the
    /// real service, and need ARM GETs), <c>authorizationresources</c> (microsoft.authorization/*) and
    /// <c>securityresources</c> (microsoft.security/*). Any other query is answered 400.
    /// </summary>
    internal static class ResourceGraph
    {
        private static readonly Regex Grammar = new Regex(
            @"^\s*(?<table>resources|authorizationresources|securityresources)\s*" +
            @"\|\s*where\s+type\s*(?:in~\s*\(\s*(?<list>'[^']*'(?:\s*,\s*'[^']*')*)\s*\)|=~\s*'(?<one>[^']*)')\s*" +
            @"(?<order>\|\s*order\s+by\s+id(?:\s+asc)?\s*)?" +
            @"(?:\|\s*project\s+[^|]+)?$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

        public static EmulatorResponse Query(EmulatorRequest request, ArmApi arm)
        {
            JsonObject? body;
            try
            {
                body = JsonNode.Parse(request.Body) as JsonObject;
            }
            catch (JsonException exception)
            {
                return BadRequest("The request body is not valid JSON: " + exception.Message);
            }

            var query = body?["query"]?.ToString();
            if (body == null || string.IsNullOrWhiteSpace(query))
            {
                return BadRequest("The request body must be an object with a 'query'.");
            }

            var match = Grammar.Match(query);
            if (!match.Success)
            {
                return BadRequest(
                    "The emulator supports only \"<resources|authorizationresources|securityresources> | where type in~ ('a', ...)\" " +
                    $"or \"... | where type =~ 'a'\", optionally followed by \"| order by id asc\" and \"| project ...\"; got: {query}");
            }

            var options = body["options"] as JsonObject;
            if (options?["resultFormat"] is JsonNode format && !string.Equals(format.ToString(), "objectArray", StringComparison.OrdinalIgnoreCase))
            {
                return BadRequest($"resultFormat '{format}' is not supported by the emulator; use objectArray.");
            }

            if (body["managementGroups"] is JsonArray { Count: > 0 })
            {
                return BadRequest("Management group scopes are not supported by the emulator; pass subscriptions.");
            }

            var subscriptions = body["subscriptions"] is JsonArray list
                ? list.Select(s => s?.ToString()).Where(s => !string.IsNullOrEmpty(s)).ToHashSet(StringComparer.OrdinalIgnoreCase)
                : null;

            var types = match.Groups["one"].Success
                ? new[] { match.Groups["one"].Value }
                : Regex.Matches(match.Groups["list"].Value, "'([^']*)'").Select(m => m.Groups[1].Value).ToArray();
            var table = match.Groups["table"].Value.ToUpperInvariant();

            var rows = arm.Resources
                .Where(r => InTable(table, r))
                .Where(r => types.Contains(r.Type, StringComparer.OrdinalIgnoreCase))
                .Where(r => subscriptions == null || subscriptions.Count == 0 || (r.SubscriptionId != null && subscriptions.Contains(r.SubscriptionId)))
                .ToList();
            if (match.Groups["order"].Success)
            {
                // The collector orders by id so that $skipToken paging is stable, as Resource Graph recommends.
                rows = rows.OrderBy(r => r.Id, StringComparer.OrdinalIgnoreCase).ToList();
            }


            var top = IntegerOption(options, "$top");
            if (top.Error != null)
            {
                return BadRequest(top.Error);
            }

            var size = top.Value ?? arm.ResourceGraphPageSize;
            if (size < 1 || size > EmulatorOptions.MaxResourceGraphPageSize)
            {
                return BadRequest($"options.$top must be between 1 and {EmulatorOptions.MaxResourceGraphPageSize}.");
            }

            var scope = table + "|" + string.Join(',', types).ToUpperInvariant() + "|" + string.Join(',', (subscriptions ?? new HashSet<string?>()).Order(StringComparer.OrdinalIgnoreCase));
            var offset = 0;
            var token = options?["$skipToken"]?.ToString();
            if (!string.IsNullOrEmpty(token))
            {
                var read = PageToken.TryRead(token, scope);
                if (read == null || read.Value > rows.Count)
                {
                    return BadRequest("The $skipToken is invalid or belongs to another query.");
                }

                offset = read.Value;
            }
            else
            {
                var skip = IntegerOption(options, "$skip");
                if (skip.Error != null)
                {
                    return BadRequest(skip.Error);
                }

                offset = Math.Min(skip.Value ?? 0, rows.Count);
            }

            var data = new JsonArray();
            foreach (var resource in rows.Skip(offset).Take(size))
            {
                data.Add(Row(arm, resource));
            }

            var response = new JsonObject
            {
                ["totalRecords"] = rows.Count,
                ["count"] = data.Count,
                ["data"] = data,
                ["facets"] = new JsonArray(),
                ["resultTruncated"] = "false",
            };
            if (offset + size < rows.Count)
            {
                response["$skipToken"] = PageToken.Create(offset + size, scope);
            }

            return EmulatorResponse.Json(response);
        }

        /// <summary>Child types Resource Graph holds as rows of their own in the resources table.</summary>
        private static readonly HashSet<string> ChildRows = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Microsoft.Network/networkWatchers/flowLogs",
            "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
        };

        private static bool InTable(string table, ArmResource resource)
        {
            var isAuthorization = resource.Type.StartsWith("microsoft.authorization/", StringComparison.OrdinalIgnoreCase);
            var isSecurity = resource.Type.StartsWith("microsoft.security/", StringComparison.OrdinalIgnoreCase);
            return table switch
            {
                "AUTHORIZATIONRESOURCES" => isAuthorization,
                "SECURITYRESOURCES" => isSecurity,
                _ => !isAuthorization && !isSecurity && (resource.ParentId == null || ChildRows.Contains(resource.Type)),
            };
        }

        /// <summary>A Resource Graph row: the ARM object with lower-cased type plus the subscriptionId, resourceGroup and tenantId columns.</summary>
        private static JsonObject Row(ArmApi arm, ArmResource resource)
        {
            var row = arm.ToArmJson(resource);
            row["type"] = resource.Type.ToLowerInvariant();
            if (!row.ContainsKey("subscriptionId") && resource.SubscriptionId != null)
            {
                row["subscriptionId"] = resource.SubscriptionId;
            }

            if (!row.ContainsKey("resourceGroup"))
            {
                row["resourceGroup"] = ResourceGroupOf(resource.Id) ?? string.Empty;
            }

            if (!row.ContainsKey("tenantId") && arm.TenantId != null)
            {
                row["tenantId"] = arm.TenantId;
            }

            return row;
        }

        private static string? ResourceGroupOf(string id)
        {
            var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < segments.Length - 1; i++)
            {
                if (string.Equals(segments[i], "resourceGroups", StringComparison.OrdinalIgnoreCase))
                {
                    return segments[i + 1];
                }
            }

            return null;
        }

        private static (int? Value, string? Error) IntegerOption(JsonObject? options, string name)
        {
            var node = options?[name];
            if (node == null)
            {
                return (null, null);
            }

            return int.TryParse(node.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                ? (value, null)
                : (null, $"options.{name} must be a non-negative integer, not '{node}'.");
        }

        private static EmulatorResponse BadRequest(string message) => ErrorBodies.Arm(400, "BadRequest", message);
    }
}
