using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.ApiKeys;
using Portal.Engine.Identity;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images.Api;

/// <summary>A customer of their own (so counts and pages are theirs alone) and a personal access token of theirs.</summary>
public sealed record ApiCustomer(string UserId, CreatedApiKey Token, HttpClient Client);

public static class ImageApiClients
{
    /// <summary>A new customer with a personal access token, and a client that sends it as <c>Authorization: Bearer</c>.</summary>
    public static async Task<ApiCustomer> NewCustomerAsync(PortalAppFactory factory, string role = Roles.Customer, DateTime? expiresAt = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"api-{Guid.NewGuid():N}@example.test";
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "API customer" };
        Assert.True((await users.CreateAsync(user, "Correct-Horse-Battery-9")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        var (token, error) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(user.Id, "my script", ApiKeyScope.Images, expiresAt);
        Assert.Null(error);
        return new ApiCustomer(user.Id, token!, Bearer(factory, token!.Secret));
    }

    public static HttpClient Bearer(PortalAppFactory factory, string token)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static byte[] Jpeg(int width = 64, int height = 48)
    {
        using var bitmap = TestImages.Quadrants(width, height);
        return TestImages.Jpeg(bitmap);
    }

    /// <summary>A multipart body with <paramref name="bytes"/> in the field <paramref name="field"/>.</summary>
    public static MultipartFormDataContent Form(byte[] bytes, string fileName = "photo.jpg", string field = "file", string contentType = "image/jpeg")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, field, fileName } };
    }
}
