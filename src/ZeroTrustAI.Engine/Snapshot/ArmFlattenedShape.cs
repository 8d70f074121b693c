using System;
using System.Collections.Generic;
using System.Text.Json;
using ZeroTrustAI.Engine.Json;

namespace ZeroTrustAI.Engine.Snapshot
{
    /// <summary>
    /// Several az CLI commands print a resource with its <c>properties</c> lifted to the top level
    /// (<c>az monitor diagnostic-settings list</c>: <c>logs</c>, <c>workspaceId</c>; <c>az role assignment list</c>:
    /// <c>principalId</c>, <c>roleDefinitionId</c>; <c>az lock list</c>: <c>level</c>). An object with no
    /// <c>properties</c> member is read with its members outside the ARM envelope moved under <c>properties</c>, so
    /// controls read <c>properties.logs</c> whatever the shape. Names are taken as printed: commands whose output renames
    /// REST properties need <c>az resource show</c> instead.
    /// </summary>
    internal static class ArmFlattenedShape
    {
        /// <summary>Top-level members of an ARM resource (and of Get-AzResource and template objects) that are not properties.</summary>
        private static readonly HashSet<string> Envelope = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "id", "name", "type", "kind", "location", "sku", "identity", "tags", "etag", "systemData", "zones", "managedBy",
            "plan", "extendedLocation", "resourceGroup", "subscriptionId", "tenantId", "resources", "apiVersion", "dependsOn",
            "resourceId", "resourceName", "resourceType", "resourceGroupName", "extensionResourceName", "extensionResourceType",
            "parentResource", "createdTime", "changedTime",
        };

        /// <summary>The object itself when it has <c>properties</c> or nothing outside the envelope; else the nested form.</summary>
        public static JsonElement Nest(JsonElement item)
        {
            // Nearly every object has properties: found without making a string of each member's name.
            if (item.TryGetPropertyIgnoreCase("properties", out _))
            {
                return item;
            }

            var hasOther = false;
            foreach (var member in item.EnumerateObject())
            {
                hasOther |= !Envelope.Contains(member.Name);
            }

            if (!hasOther)
            {
                return item;
            }

            return JsonRewrite.Object(writer =>
            {
                foreach (var member in item.EnumerateObject())
                {
                    if (Envelope.Contains(member.Name))
                    {
                        member.WriteTo(writer);
                    }
                }

                writer.WriteStartObject("properties");
                foreach (var member in item.EnumerateObject())
                {
                    if (!Envelope.Contains(member.Name))
                    {
                        member.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            });
        }
    }
}
