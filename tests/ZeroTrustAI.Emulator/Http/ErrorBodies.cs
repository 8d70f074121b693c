using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ZeroTrustAI.Emulator.Http
{
    /// <summary>Error responses in each service's own shape, so clients parse them as they would the real ones.</summary>
    internal static class ErrorBodies
    {
        /// <summary>Microsoft Graph: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.</summary>
        public static EmulatorResponse Graph(int status, string code, string message)
        {
            var requestId = Guid.NewGuid().ToString();
            var body = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = message,
                    ["innerError"] = new JsonObject
                    {
                        ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                        ["request-id"] = requestId,
                        ["client-request-id"] = requestId,
                    },
                },
            };
            return new EmulatorResponse(status, body).WithHeader("request-id", requestId);
        }

        /// <summary>Azure Resource Manager: <c>{"error":{"code","message"}}</c>.</summary>
        public static EmulatorResponse Arm(int status, string code, string message) =>
            new EmulatorResponse(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } })
                .WithHeader("x-ms-request-id", Guid.NewGuid().ToString());

        public static EmulatorResponse For(EmulatorApi api, int status, string code, string message) =>
            api == EmulatorApi.Graph ? Graph(status, code, message) : Arm(status, code, message);
    }
}
