using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Features.Analytics.Console;

namespace Portal.Tests.Features.Analytics.Console;

/// <summary>The Blazor circuit takes a message as long as the longest query the console accepts (SignalR's default is 32 KB).</summary>
public sealed class SqlConsoleHubLimitsTests
{
    [Theory]
    [InlineData(null, 100_000L * 6)]
    [InlineData("1000", 64L * 1024)]
    [InlineData("2000000", 2_000_000L * 6)]
    public void The_circuit_takes_messages_that_hold_MaxSqlLength_characters(string? maxSqlLength, long atLeast)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(maxSqlLength is null ? [] : new Dictionary<string, string?> { ["Analytics:Query:MaxSqlLength"] = maxSqlLength }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddRazorComponents().AddInteractiveServerComponents().AddSqlConsoleMessageSize(configuration);
        using var provider = services.BuildServiceProvider();

        var hub = Type.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub, Microsoft.AspNetCore.Components.Server", throwOnError: true)!;
        var hubOptions = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hub)));
        var value = (HubOptions)hubOptions.GetType().GetProperty("Value")!.GetValue(hubOptions)!;
        Assert.True(value.MaximumReceiveMessageSize >= atLeast, $"the circuit takes {value.MaximumReceiveMessageSize} bytes, not {atLeast}");
    }
}
