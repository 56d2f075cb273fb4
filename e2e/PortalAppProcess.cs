using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.E2E;

/// <summary>Runs the built Portal app as a child process on a free port with a fresh data directory.</summary>
public sealed class PortalAppProcess : IAsyncDisposable
{
    // A wait for start-up, not a speed check: migrating and seeding a new PostgreSQL database while other builds and tests
    // share the cores was seen taking over 90 s.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(240);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataDir;

    private PortalAppProcess(Process process, string dataDir, string baseUrl)
    {
        _process = process;
        _dataDir = dataDir;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The app's process id (the second half of the instance id it answers with in X-Portal-Instance).</summary>
    public int ProcessId { get; private set; }

    public string CapturedOutput
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static Task<PortalAppProcess> StartAsync() => StartAsync(RepoLayout.PortalDll, RepoLayout.PortalProjectDir, "Development");

    /// <summary>
    /// Starts <paramref name="dll"/> in <paramref name="workingDirectory"/> (its content root) as <paramref name="environment"/>,
    /// with <paramref name="settings"/> (environment variables such as <c>Database__Provider</c>) over the defaults.
    /// </summary>
    public static async Task<PortalAppProcess> StartAsync(string dll, string workingDirectory, string environment,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        if (!File.Exists(dll))
            throw new InvalidOperationException($"The app is not built: {dll} is missing. Run `dotnet build e2e -c {RepoLayout.Configuration}` first.");

        var dataDir = Directory.CreateTempSubdirectory("portal-e2e-").FullName;
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Database__DataDirectory"] = dataDir;
        start.Environment["ObjectStore__RootDirectory"] = Path.Combine(dataDir, "objects");
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var app = new PortalAppProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, dataDir, baseUrl);
        app._process.OutputDataReceived += (_, e) => app.Append("out", e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Append("err", e.Data);
        app._process.Start();
        app.ProcessId = app._process.Id;
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();

        try
        {
            await app.WaitUntilReadyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Portal exited with code {_process.ExitCode} before it was ready.\n{CapturedOutput}");
            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Portal was not ready at {BaseUrl}/health/ready within {StartTimeout.TotalSeconds:0} s.\n{CapturedOutput}");
    }

    private void Append(string stream, string? line)
    {
        if (line is null) return;
        lock (_output) _output.Append('[').Append(stream).Append("] ").AppendLine(line);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync() => ChildProcess.StopAsync(_process, _dataDir);
}
