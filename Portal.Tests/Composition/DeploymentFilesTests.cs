using System.Diagnostics;
using Portal.E2E;
using Portal.Tests.Architecture;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition;

/// <summary>
/// The deployment files, checked without a container engine: Debian's <c>docker-compose config</c> parses and resolves the
/// compose file (a failure names the line), Debian's <c>nginx -t</c> accepts nginx.conf (with the compose service names as
/// loopback ports, as e2e/TwoInstanceJourneyTests runs it), and the Dockerfile and nginx.conf keep what the stack relies on.
/// </summary>
public sealed class DeploymentFilesTests
{
    private static string Read(string path) => File.ReadAllText(Path.Combine(SourceTree.Root, path));

    [SkippableFact]
    public async Task The_compose_file_parses_and_has_the_production_like_stack()
    {
        var compose = FindOnPath("docker-compose");
        if (compose is null)
        {
            const string message = "docker-compose is not installed (apt-get install docker-compose; scripts/test.sh installs it).";
            if (PeerRequirement.InCi) throw new InvalidOperationException(message + " CI=true, so this fails instead of skipping.");
            Skip.If(true, message);
        }
        var (exitCode, output) = await RunAsync(compose!, "config --services");
        Assert.True(exitCode == 0, "docker-compose config failed:\n" + output);
        var services = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var service in new[] { "app1", "app2", "worker", "nginx", "postgres", "minio", "kafka", "otel-collector" })
            Assert.Contains(service, services);

        var (_, resolved) = await RunAsync(compose!, "config");
        Assert.Contains("Events__Worker__Enabled: \"false\"", resolved);
        Assert.Contains("Events__Worker__Enabled: \"true\"", resolved);
        Assert.Contains("ForwardedHeaders__KnownNetworks__0: 10.30.0.0/24", resolved);
        // The app reads Telemetry:Otlp:Endpoint (not the OTEL_EXPORTER_OTLP_ENDPOINT variable); the collector takes http/protobuf on 4318.
        Assert.Contains("Telemetry__Otlp__Endpoint: http://otel-collector:4318", resolved);
    }

    [Fact]
    public void The_image_runs_as_a_user_with_a_health_check()
    {
        var dockerfile = Read("Dockerfile");
        var runtime = dockerfile[dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal)..];
        Assert.Matches(@"(?m)^USER app\s*$", runtime);
        Assert.Matches(@"(?m)^HEALTHCHECK .*/health/live", runtime);
        Assert.DoesNotMatch(@"(?m)^USER root", runtime);
    }

    [Fact]
    public void Nginx_proxies_websockets_sticks_browsers_to_an_instance_and_forwards_the_client()
    {
        var nginx = Read("deploy/nginx.conf");
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", nginx);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", nginx);
        Assert.Contains("hash $portal_affinity consistent;", nginx);
        Assert.Contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;", nginx);
        Assert.Contains("proxy_set_header X-Forwarded-Proto $scheme;", nginx);
        Assert.Contains("server app1:8080", nginx);
        Assert.Contains("server app2:8080", nginx);
        // The browser's Host, port included: the app's absolute redirects (sign-in challenges) go back where the browser is.
        Assert.Contains("proxy_set_header Host $http_host;", nginx);
        Assert.Contains("proxy_next_upstream error timeout", nginx);
    }

    [SkippableFact]
    public async Task Nginx_accepts_the_load_balancer_config()
    {
        var nginx = LoadBalancerConfig.FindNginx();
        if (nginx is null)
        {
            const string message = "nginx is not installed (apt-get install nginx; scripts/test.sh installs it).";
            if (PeerRequirement.InCi) throw new InvalidOperationException(message + " CI=true, so this fails instead of skipping.");
            Skip.If(true, message);
        }
        var workDir = LoadBalancerConfig.NewWorkDir();
        try
        {
            var config = Path.Combine(workDir, "nginx.conf");
            // nginx -t resolves upstream names, so app1/app2 become loopback ports (it opens no listener).
            await File.WriteAllTextAsync(config, LoadBalancerConfig.ForLoopback(Read(LoadBalancerConfig.DeployPath), 8080, [8081, 8082], workDir));
            var (exitCode, output) = await LoadBalancerConfig.TestAsync(nginx!, config, workDir);
            Assert.True(exitCode == 0, "nginx -t refused deploy/nginx.conf:\n" + output);
            Assert.Contains("test is successful", output);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = SourceTree.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
