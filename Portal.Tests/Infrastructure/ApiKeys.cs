using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.ApiKeys;
using Portal.Engine.Demo;
using Portal.Engine.Identity;

namespace Portal.Tests.Infrastructure;

public static class ApiKeys
{
    /// <summary>Creates a key for a demo role's user, as they would on the API keys page.</summary>
    public static async Task<CreatedApiKey> CreateForRoleAsync(PortalAppFactory factory, string role, string name = "test tool")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(role).Email);
        var (created, error) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(user!.Id, name);
        Assert.Null(error);
        return created!;
    }

    public static HttpClient Client(PortalAppFactory factory, string key)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
