using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using ZeroTrustAI.Collector.Requests;
using ZeroTrustAI.Engine.Collection;

namespace ZeroTrustAI.Collector.Tests;

/// <summary>The pacer's per-tenant spacings: Conditional Access once a second, service principal keyCredentials reads 150 a minute.</summary>
public class GraphPacerTests
{
    private static readonly Uri Graph = new("https://graph.microsoft.com/");

    [Theory]
    [InlineData("GET", "/v1.0/servicePrincipals?$select=id,appId,keyCredentials&$top=999", true)]
    [InlineData("GET", "/beta/servicePrincipals/microsoft.graph.agentIdentity?$select=id%2CkeyCredentials", true)]
    [InlineData("GET", "https://graph.microsoft.com/v1.0/servicePrincipals/3f1c?$select=keyCredentials", true)]
    [InlineData("GET", "/v1.0/servicePrincipals?$select=id,passwordCredentials", false)]
    [InlineData("GET", "/v1.0/servicePrincipals", false)]
    [InlineData("GET", "/v1.0/applications?$select=id,keyCredentials", false)]
    [InlineData("GET", "/v1.0/servicePrincipals/3f1c/owners?$select=id,keyCredentials", false)]
    [InlineData("PATCH", "/v1.0/servicePrincipals/3f1c?$select=keyCredentials", false)]
    public void Service_principal_reads_selecting_keyCredentials_are_recognised(string method, string url, bool expected)
    {
        Assert.Equal(expected, GraphResourceUnits.ReadsServicePrincipalKeyCredentials(method, url));
    }

    [Fact]
    public void A_batch_counts_each_keyCredentials_read_and_sums_the_units()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"requests":[
              {"id":"1","method":"GET","url":"/servicePrincipals/a?$select=id,keyCredentials"},
              {"id":"2","method":"GET","url":"/servicePrincipals/b?$select=id,keyCredentials"},
              {"id":"3","method":"GET","url":"/servicePrincipals/c/owners?$select=id"}
            ]}
            """);

        var estimate = GraphPacer.Estimate("POST", new Uri(Graph, "/v1.0/$batch"), body);

        Assert.Equal(2, estimate.KeyCredentialReads);
        Assert.Equal(3, estimate.Units);
        Assert.False(estimate.OncePerTenant);
    }

    [Fact]
    public async Task KeyCredentials_reads_beyond_the_minute_allowance_wait_while_other_reads_go_on()
    {
        // A minute's allowance of one read: the second waits about a minute, far longer than the test's patience, so
        // the outcome does not depend on how busy the machine is.
        var pacer = new GraphPacer(new GraphPacingSettings { KeyCredentialReadsPerMinute = 1 });
        var keyRead = GraphPacer.Estimate("GET", new Uri(Graph, "/v1.0/servicePrincipals?$select=id,keyCredentials"), null);
        var otherRead = GraphPacer.Estimate("GET", new Uri(Graph, "/v1.0/servicePrincipals?$select=id,appId"), null);

        using (await pacer.AcquireAsync(keyRead, CancellationToken.None))
        {
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.AcquireAsync(keyRead, patience.Token));

        using var generous = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using (await pacer.AcquireAsync(otherRead, generous.Token))
        {
        }

        Assert.True(pacer.Waited >= TimeSpan.FromSeconds(50), $"waited {pacer.Waited}");
    }

    [Fact]
    public async Task A_Conditional_Access_request_waits_for_the_answer_to_the_one_before()
    {
        // No spacing at all: only the answer of the first request lets the second one go, however fast the machine.
        var pacer = new GraphPacer(new GraphPacingSettings { OncePerTenantInterval = TimeSpan.Zero });
        var policies = GraphPacer.Estimate("GET", new Uri(Graph, "/v1.0/identity/conditionalAccess/policies"), null);
        var other = GraphPacer.Estimate("GET", new Uri(Graph, "/v1.0/servicePrincipals?$select=id"), null);
        Assert.True(policies.OncePerTenant);

        var first = await pacer.AcquireAsync(policies, CancellationToken.None);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacer.AcquireAsync(policies, patience.Token));
        using (await pacer.AcquireAsync(other, CancellationToken.None))
        {
        }

        first.Dispose();
        using var generous = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        using (await pacer.AcquireAsync(policies, generous.Token))
        {
        }
    }
}
