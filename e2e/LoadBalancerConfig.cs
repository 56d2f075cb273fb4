using System.Diagnostics;

namespace Portal.E2E;

/// <summary>
/// The operators' <c>deploy/nginx.conf</c>, made runnable on loopback by an unprivileged test: the compose service names
/// become loopback ports, the listener a loopback port, and the process's files (pid, logs, temp) go to a folder of the
/// test's own. Everything else (stickiness, WebSocket headers, timeouts, retries) is the file as operators run it.
/// Also linked into Portal.Tests, whose <c>DeploymentFilesTests</c> runs <c>nginx -t</c> on it.
/// </summary>
public static class LoadBalancerConfig
{
    public const string DeployPath = "deploy/nginx.conf";

    /// <summary>Debian's nginx, on PATH or where the package puts it (/usr/sbin is not on a normal user's PATH).</summary>
    public static string? FindNginx() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, "nginx")).FirstOrDefault(File.Exists);

    /// <summary>
    /// <paramref name="deployed"/> (the text of deploy/nginx.conf) with app1 and app2 at <paramref name="instancePorts"/>,
    /// listening on 127.0.0.1:<paramref name="listenPort"/>, with its temp files and logs in <paramref name="workDir"/>.
    /// Throws when the file no longer has a line this relies on, so a changed file is noticed rather than tested half.
    /// </summary>
    public static string ForLoopback(string deployed, int listenPort, IReadOnlyList<int> instancePorts, string workDir)
    {
        if (instancePorts.Count != 2) throw new ArgumentException("deploy/nginx.conf balances two instances.", nameof(instancePorts));
        var files = $$"""
            http {
                log_format lb '$time_local "$request" $status upstream=$upstream_addr ($upstream_status) affinity=$cookie_portal_affinity';
                access_log {{workDir}}/access.log lb;
                client_body_temp_path {{workDir}}/client_body;
                proxy_temp_path {{workDir}}/proxy;
                fastcgi_temp_path {{workDir}}/fastcgi;
                uwsgi_temp_path {{workDir}}/uwsgi;
                scgi_temp_path {{workDir}}/scgi;
            """;
        return ReplaceOnce(deployed, [
            ("server app1:8080", $"server 127.0.0.1:{instancePorts[0]}"),
            ("server app2:8080", $"server 127.0.0.1:{instancePorts[1]}"),
            ("listen 80;", $"listen 127.0.0.1:{listenPort};"),
            ("http {", files.TrimEnd()),
        ]);
    }

    /// <summary>
    /// The command-line arguments that run <paramref name="configFile"/> with its pid file and error log in
    /// <paramref name="workDir"/>, plus <paramref name="globals"/> (main-context directives; nginx takes one <c>-g</c>).
    /// </summary>
    public static string[] Arguments(string configFile, string workDir, string globals = "") =>
        ["-p", workDir, "-c", configFile, "-e", Path.Combine(workDir, "error.log"), "-g", $"pid {Path.Combine(workDir, "nginx.pid")}; {globals}".Trim()];

    /// <summary>A folder nginx's workers can use: when run as root they are another user, who must be able to enter it.</summary>
    public static string NewWorkDir()
    {
        var dir = Directory.CreateTempSubdirectory("portal-nginx-").FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return dir;
    }

    /// <summary>Runs <c>nginx -t</c> on <paramref name="configFile"/>: its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> TestAsync(string nginx, string configFile, string workDir)
    {
        var start = new ProcessStartInfo(nginx) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in Arguments(configFile, workDir).Append("-t")) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static string ReplaceOnce(string text, IEnumerable<(string Line, string With)> replacements)
    {
        foreach (var (line, with) in replacements)
        {
            var at = text.IndexOf(line, StringComparison.Ordinal);
            if (at < 0 || text.IndexOf(line, at + line.Length, StringComparison.Ordinal) >= 0)
                throw new InvalidOperationException($"{DeployPath} should have \"{line}\" exactly once; the loopback copy replaces it.");
            text = string.Concat(text.AsSpan(0, at), with, text.AsSpan(at + line.Length));
        }
        return text;
    }
}
