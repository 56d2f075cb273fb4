using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.ApiKeys;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images.Api;

public static class ApiTokens
{
    public static async Task RevokeAsync(PortalAppFactory factory, ApiCustomer customer)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(customer.UserId, customer.Token.Key.Id));
    }

    /// <summary>Moves the token's expiry into the past, as time passing would, and drops this instance's copy of it.</summary>
    public static async Task ExpireAsync(PortalAppFactory factory, ApiCustomer customer)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var key = await db.ApiKeys.SingleAsync(k => k.Id == customer.Token.Key.Id);
        key.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<ApiKeyCache>().Forget(key.Prefix);
    }
}
