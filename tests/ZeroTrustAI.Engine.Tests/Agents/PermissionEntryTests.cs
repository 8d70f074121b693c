using ZeroTrustAI.Engine.Agents;

namespace ZeroTrustAI.Engine.Tests.Agents;

public class PermissionEntryTests
{
    private const string RoleId = "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8";

    private static PermissionEntry AppRole(string id) =>
        new PermissionEntry(PermissionKind.ApplicationRole, "RoleManagement.ReadWrite.Directory", "Microsoft Graph", id, 0);

    [Fact]
    public void An_entry_keeping_its_guid_id_compact_reads_and_compares_as_the_id_it_was_given()
    {
        var given = AppRole(RoleId);
        var compact = given.WithGuidIdKeptCompact();

        Assert.NotSame(given, compact);
        Assert.IsType<GuidId>(compact.Deferred);
        Assert.Equal(RoleId, compact.Id);
        Assert.Equal((given.Kind, given.Name, given.Resource, given.Tier, given.Scope, given.Describe()), (compact.Kind, compact.Name, compact.Resource, compact.Tier, compact.Scope, compact.Describe()));
        Assert.Equal(given.IdOrNameHashIgnoringCase(), compact.IdOrNameHashIgnoringCase());
        Assert.True(compact.SameIdOrNameIgnoringCase(given));
        Assert.True(given.SameIdOrNameIgnoringCase(compact));
        Assert.True(compact.SameIdOrNameIgnoringCase(AppRole(RoleId.ToUpperInvariant())));
        Assert.False(compact.SameIdOrNameIgnoringCase(AppRole("810c84a8-4a9e-49e6-bf7d-12d183f40d01")));
    }

    [Theory]
    [InlineData("9E3F62CF-CA93-4989-B6CE-BF83C28F9FE8")]
    [InlineData("{9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8}")]
    [InlineData("9e3f62cfca934989b6cebf83c28f9fe8")]
    [InlineData("not-a-guid")]
    public void An_id_that_would_not_read_back_exactly_as_a_guid_stays_as_given(string id)
    {
        var given = AppRole(id);

        var kept = given.WithGuidIdKeptCompact();

        Assert.Same(given, kept);
        Assert.Equal(id, kept.Id);
    }

    [Fact]
    public void An_entry_without_an_id_is_kept_as_it_is()
    {
        var given = new PermissionEntry(PermissionKind.ApplicationRole, "Mail.Read", "Microsoft Graph", null, 1);

        Assert.Same(given, given.WithGuidIdKeptCompact());
    }
}
