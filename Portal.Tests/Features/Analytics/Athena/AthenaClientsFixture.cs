using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>
/// The whole app on a real Kestrel loopback port (so real AWS clients can reach it), and a way to run those clients:
/// python3 with boto3, and the AWS CLI, with the demo analyst's key in the standard AWS_* variables.
/// </summary>
public sealed class AthenaClientsFixture : IDisposable
{
    /// <summary>The engine's row limit here: above the 2,500-row query, low enough for clients to page to it and past it.</summary>
    public const int RowLimit = 3000;

    public AthenaAppFactory Factory { get; }
    public string Endpoint { get; }

    public AthenaClientsFixture()
    {
        Factory = new AthenaAppFactory(new Dictionary<string, string?>
        {
            ["Analytics:AthenaApi:PollInterval"] = "00:00:00.050",
            ["Analytics:Query:MaxRows"] = RowLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Factory.UseKestrel(0);
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Endpoint = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/aws/athena";
    }

    /// <summary>Runs a client program; a missing program skips the test, or fails it under CI=true.</summary>
    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(string program, IEnumerable<string> arguments, string endpoint,
        string keyId = AthenaHttp.DemoKeyId, string secret = AthenaHttp.DemoSecret)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["ATHENA_ENDPOINT"] = endpoint;
        start.Environment["AWS_ACCESS_KEY_ID"] = keyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment["AWS_DEFAULT_REGION"] = AthenaHttp.Region;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_PAGER"] = "";
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Requires python3 with boto3, and the AWS CLI: skips on a developer machine without them, fails under CI=true.</summary>
    public static async Task RequireClientsAsync()
    {
        string? missing = null;
        try
        {
            if ((await RunAsync("python3", ["-c", "import boto3"], "")).ExitCode != 0) missing = "boto3 for python3";
            else if ((await RunAsync("aws", ["--version"], "")).ExitCode != 0) missing = "the AWS CLI (aws)";
        }
        catch (System.ComponentModel.Win32Exception e) { missing = e.Message; }
        if (missing is null) return;
        var message = $"The Athena client tests need {missing} (pip install boto3 awscli, or apt-get install python3-boto3 awscli).";
        if (PeerRequirement.InCi) throw new InvalidOperationException(message + " CI=true, so this fails instead of skipping.");
        Skip.If(true, message);
    }

    public void Dispose() => Factory.Dispose();
}
