using System.Diagnostics;
using System.Net;

namespace Portal.E2E;

/// <summary>
/// Debian's nginx running deploy/nginx.conf (made loopback-ready by <see cref="LoadBalancerConfig"/>) in front of two
/// instances: in the foreground as a child of the test, with its pid file, logs and temp files in a folder of its own,
/// on a free loopback port. No system service is involved; disposing stops it and deletes the folder.
/// </summary>
public sealed class LoadBalancerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _workDir;

    private LoadBalancerProcess(Process process, string workDir, string baseUrl)
    {
        _process = process;
        _workDir = workDir;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>nginx's error log and access log (each request with the upstream that answered it), for failure messages.</summary>
    public string Logs =>
        string.Join("\n", new[] { "error.log", "access.log" }.Select(name => Path.Combine(_workDir, name))
            .Where(File.Exists).Select(path => $"--- nginx {Path.GetFileName(path)}\n{ReadShared(path)}"));

    public static async Task<LoadBalancerProcess> StartAsync(string nginx, IReadOnlyList<string> instanceUrls)
    {
        var workDir = LoadBalancerConfig.NewWorkDir();
        var port = PortalAppProcess.FreePort();
        var deployed = await File.ReadAllTextAsync(Path.Combine(RepoLayout.Root, LoadBalancerConfig.DeployPath));
        var configFile = Path.Combine(workDir, "nginx.conf");
        await File.WriteAllTextAsync(configFile,
            LoadBalancerConfig.ForLoopback(deployed, port, instanceUrls.Select(url => new Uri(url).Port).ToList(), workDir));

        var start = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in LoadBalancerConfig.Arguments(configFile, workDir, "daemon off;")) start.ArgumentList.Add(arg);
        var balancer = new LoadBalancerProcess(new Process { StartInfo = start }, workDir, $"http://127.0.0.1:{port}");
        balancer._process.Start();
        try
        {
            await balancer.WaitUntilServingAsync();
        }
        catch
        {
            await balancer.DisposeAsync();
            throw;
        }
        return balancer;
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}:\n{await _process.StandardError.ReadToEndAsync()}\n{Logs}");
            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"nginx did not answer /health/ready at {BaseUrl}.\n{Logs}");
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    public ValueTask DisposeAsync() => ChildProcess.StopAsync(_process, _workDir);
}
