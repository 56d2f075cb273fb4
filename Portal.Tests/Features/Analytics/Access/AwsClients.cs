using System.Diagnostics;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Access;

/// <summary>
/// Runs the real AWS clients this machine has (boto3 in python3, the <c>aws</c> CLI) with credentials in the
/// environment only. Missing clients skip the test, or fail it under CI=true.
/// </summary>
public static class AwsClients
{
    public sealed record Run(int ExitCode, string Output, string Error);

    public static async Task<Run> PythonAsync(string script, string accessKeyId, string secret, params (string Name, string Value)[] environment)
    {
        Require("python3", "-c \"import boto3\"", "python3 with boto3");
        var file = Path.Combine(Path.GetTempPath(), $"portal-boto3-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(file, script);
        try { return await RunAsync("python3", [file], accessKeyId, secret, environment); }
        finally { File.Delete(file); }
    }

    public static Task<Run> CliAsync(string accessKeyId, string secret, params string[] arguments)
    {
        Require("aws", "--version", "the AWS CLI (aws)");
        return RunAsync("aws", arguments, accessKeyId, secret, []);
    }

    private static async Task<Run> RunAsync(string program, IEnumerable<string> arguments, string accessKeyId, string secret, (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await error);
    }

    private static readonly Dictionary<string, bool> Available = new();

    private static void Require(string program, string check, string peer)
    {
        bool available;
        lock (Available)
        {
            if (!Available.TryGetValue(program + check, out available))
            {
                try
                {
                    using var probe = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"{program} {check}"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
                    probe.WaitForExit(30_000);
                    available = probe.ExitCode == 0;
                }
                catch (System.ComponentModel.Win32Exception) { available = false; }
                Available[program + check] = available;
            }
        }
        if (available) return;
        var message = $"{peer} is not available (preinstalled on the CI machines; Debian has python3-boto3 and awscli).";
        if (PeerRequirement.InCi) throw new InvalidOperationException(message + " CI=true, so this fails instead of skipping.");
        Skip.If(true, message);
    }
}
