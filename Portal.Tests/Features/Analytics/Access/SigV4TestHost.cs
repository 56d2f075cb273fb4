using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Composition;
using Portal.Composition.AwsSigV4;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Features;
using Portal.Features.Analytics.Access;

namespace Portal.Tests.Features.Analytics.Access;

/// <summary>A clock the tests can move, to see what the verifier does with requests signed too long ago or ahead.</summary>
public sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>
/// The portal's SigV4 verification on a real Kestrel port (loopback), with a real database and Identity, and one tiny
/// endpoint group standing in for an AWS-compatible API: <c>/aws/athena</c> answers <c>{}</c>-like JSON naming the
/// caller, so the real AWS clients can be pointed at it.
/// </summary>
public sealed class SigV4TestHost : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("portal-sigv4-").FullName;
    private WebApplication? _app;

    private static readonly System.Text.Json.JsonSerializerOptions AwsJson = new(); // AWS's member names as they are (PascalCase)

    public ShiftedClock Clock { get; } = new();
    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Database:DataDirectory"] = _directory;
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddPortalDatabase(builder.Configuration, _directory);
        builder.Services.AddDataProtection().SetApplicationName("Portal").PersistKeysToDbContext<PortalDbContext>();
        builder.Services.AddPortalIdentity();
        builder.Services.AddAreaPolicies();
        builder.Services.AddAnalyticsAccess();
        _app = builder.Build();

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Database.MigrateAsync();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
        }

        _app.UseAuthentication();
        _app.UseAuthorization();
        _app.MapGroup("/aws/athena").RequireAwsSigV4("athena").MapPost("/{**rest}", async (HttpContext http, ClaimsPrincipal user) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            // What an Athena client's ListDatabases can show: the signed-in caller and what the endpoint received.
            return Results.Json(new
            {
                DatabaseList = new[]
                {
                    new { Name = user.Identity!.Name, Description = http.Request.Headers["X-Amz-Target"].ToString() },
                    new { Name = "roles", Description = string.Join(",", user.FindAll(ClaimTypes.Role).Select(c => c.Value)) },
                    new { Name = "body", Description = body },
                },
            }, AwsJson, AwsError.ContentType);
        });
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    /// <summary>A user in <paramref name="role"/> (none when null) with a new access key.</summary>
    public async Task<(string Email, CreatedAnalystAccessKey Key)> UserWithKeyAsync(string? role)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"{Guid.NewGuid():N}@test.local";
        var user = new PortalUser { UserName = email, Email = email, DisplayName = "Test" };
        Assert.True((await users.CreateAsync(user, "Portal-test-1")).Succeeded);
        if (role is not null) Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        var (created, error) = await scope.ServiceProvider.GetRequiredService<AnalystAccessKeyService>().CreateAsync(user.Id, "test");
        Assert.Null(error);
        return (email, created!);
    }

    public async Task RevokeAsync(CreatedAnalystAccessKey key)
    {
        await using var scope = _app!.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AnalystAccessKeyService>().RevokeAsync(key.Key.UserId, key.Key.Id));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
