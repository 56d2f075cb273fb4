using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Telemetry;

/// <summary>
/// OTLP export by setting, against a real HTTP receiver on loopback taking what the SDK's OTLP/HTTP exporter posts
/// (protobuf to /v1/traces and /v1/metrics, as a collector's otlphttp receiver would).
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task With_an_endpoint_set_traces_and_metrics_are_posted_to_the_collector()
    {
        using var collector = new OtlpReceiver();
        using var factory = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Telemetry:Otlp:Endpoint"] = collector.Endpoint,
            ["Telemetry:Otlp:Headers"] = "x-portal-test=yes",
        });
        var client = SignedInClient.Anonymous(factory);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);

        // The request's span ends just after its answer is sent: flush until the collector has it.
        var tracer = factory.Services.GetRequiredService<TracerProvider>();
        for (var i = 0; i < 100 && !collector.Posts.Any(p => p.Path == "/v1/traces" && Contains(p.Body, "/account/login")); i++)
        {
            Assert.True(tracer.ForceFlush(10_000));
            await Task.Delay(100);
        }
        Assert.True(factory.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

        var traces = collector.Posts.Where(p => p.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, p => Assert.Equal("application/x-protobuf", p.ContentType));
        Assert.All(traces, p => Assert.Equal("yes", p.TestHeader));
        Assert.Contains(traces, p => Contains(p.Body, "/account/login"));
        Assert.Contains(collector.Posts, p => p.Path == "/v1/metrics" && p.Body.Length > 0);
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported()
    {
        using var collector = new OtlpReceiver();
        using var factory = new PortalAppFactory();
        await SignedInClient.Anonymous(factory).GetAsync("/account/login");
        factory.Services.GetRequiredService<TracerProvider>().ForceFlush(5_000);
        Assert.Empty(collector.Posts);
    }

    private static bool Contains(byte[] protobuf, string text) => System.Text.Encoding.UTF8.GetString(protobuf).Contains(text);

    /// <summary>A loopback HTTP listener that records every POST and answers 200 as a collector does.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        public ConcurrentBag<(string Path, string? ContentType, string? TestHeader, byte[] Body)> Posts { get; } = [];
        public string Endpoint { get; }

        public OtlpReceiver()
        {
            var port = FreePort();
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                Posts.Add((context.Request.Url!.AbsolutePath, context.Request.ContentType, context.Request.Headers["x-portal-test"], body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public void Dispose() => _listener.Close();
    }
}
