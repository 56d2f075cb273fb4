using System.Net;
using Portal.Engine.Demo;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Account;

/// <summary>Turning demo mode off on a database demo mode filled: its published password must stop working.</summary>
public sealed class DemoModeTurnedOffTests
{
    [Fact]
    public async Task Demo_accounts_are_locked_when_demo_mode_is_turned_off_and_unlocked_when_it_is_back_on()
    {
        using var demo = new PortalAppFactory();
        demo.CreateClient().Dispose(); // first start, demo mode on: accounts and data are made
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var dataDirectory = Directory.CreateTempSubdirectory("portal-demo-off-").FullName;
        foreach (var file in Directory.GetFiles(demo.DataDirectory)) File.Copy(file, Path.Combine(dataDirectory, Path.GetFileName(file)));

        using (var production = new PortalAppFactory(new Dictionary<string, string?> { ["Demo:Enabled"] = "false", ["Database:DataDirectory"] = dataDirectory }))
        {
            var client = SignedInClient.Anonymous(production);
            Assert.DoesNotContain(new DemoOptions().Password, await client.GetStringAsync("/account/login"));
            var response = await SignedInClient.PostSignInAsync(client, "admin@portal.local", new DemoOptions().Password);
            Assert.Contains("error=", response.Headers.Location!.OriginalString);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account/me")).StatusCode);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var demoAgain = new PortalAppFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = dataDirectory });
        var signedIn = await SignedInClient.ForRoleAsync(demoAgain, Portal.Engine.Identity.Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/account/me")).StatusCode);
    }
}
