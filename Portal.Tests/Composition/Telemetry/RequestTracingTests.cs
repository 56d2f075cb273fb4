using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Telemetry;

/// <summary>
/// The app's traces and logs through OpenTelemetry's in-memory exporter: a request is a server span, the database calls it
/// makes are its children, and the logs written while it runs carry its trace id.
/// </summary>
public sealed class RequestTracingTests
{
    [Fact]
    public async Task A_sign_in_is_one_trace_with_its_database_calls_and_its_logs_carry_the_trace_id()
    {
        var spans = new List<Activity>();
        var logs = new List<LogRecord>();
        // ASP.NET Core's own "Request starting/finished" lines, written inside each request.
        using var app = new PortalAppFactory(new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" })
            .WithWebHostBuilder(web =>
        {
            web.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
            web.ConfigureLogging(logging => logging.AddOpenTelemetry(o => o.AddInMemoryExporter(logs)));
        });

        await SignedInClient.ForRoleAsync(app, Roles.Analyst);
        app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000);

        Activity? signIn = null;
        for (var i = 0; i < 100 && signIn is null; i++)
        {
            lock (spans) signIn = spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("/account/signin"));
            if (signIn is null) await Task.Delay(50);
        }
        Assert.NotNull(signIn);
        List<Activity> trace;
        lock (spans) trace = spans.Where(s => s.TraceId == signIn.TraceId).ToList();
        Assert.Contains(trace, s => s.Source.Name.Contains("EntityFrameworkCore") && s.ParentSpanId != default);
        lock (logs) Assert.Contains(logs, l => l.TraceId == signIn.TraceId && l.CategoryName == "Microsoft.AspNetCore.Hosting.Diagnostics");
    }
}
