using System.Net;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition;

public sealed class HealthTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_anonymously(string path)
    {
        var response = await SignedInClient.Anonymous(app.Factory).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/health/ready")]
    [InlineData("/account/login")]
    public async Task Every_answer_names_the_instance_that_gave_it(string path)
    {
        var response = await SignedInClient.Anonymous(app.Factory).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Portal.Engine.Operations.InstanceIdentity.Id, Assert.Single(response.Headers.GetValues(Portal.Composition.InstanceHeader.Name)));
    }

    [Fact]
    public async Task Ready_turns_unhealthy_when_the_database_is_gone()
    {
        // The relay and the worker poll the database, and the embedding backfill writes to the object store: a connection
        // opened between clearing the pools and deleting the directory would keep the deleted file open (and pooled) and
        // answer the ready check, and a file written meanwhile makes the delete fail. All off here.
        using var factory = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Events:Relay:Enabled"] = "false",
            ["Events:Worker:Enabled"] = "false",
            ["Models:BackfillAtStartup"] = "false",
            ["Analytics:Lake:Enabled"] = "false",
        });
        var client = SignedInClient.Anonymous(factory);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // Other background work (the Athena runner's poll, instance samples) still opens the database now and then: a file
        // it makes while the directory is being deleted fails the delete, so the delete is tried again until it holds.
        for (var attempt = 1; ; attempt++)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(factory.DataDirectory, recursive: true);
                break;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(50);
            }
        }
        // The directory is gone, so SQLite cannot open (or create) the database file.
        var response = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_is_served()
    {
        var response = await SignedInClient.Anonymous(app.Factory).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/account/me", await response.Content.ReadAsStringAsync());
    }
}
