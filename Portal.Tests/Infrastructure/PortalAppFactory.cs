using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The whole app in-process on a fresh SQLite file with a small demo shop (the demo accounts are real
/// Identity users). Extra settings override appsettings, as environment variables would.
/// </summary>
public class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("portal-test-").FullName;
    private readonly Dictionary<string, string?> _settings;

    public PortalAppFactory(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = _dataDirectory,
            ["ObjectStore:RootDirectory"] = Path.Combine(_dataDirectory, "objects"),
            ["Demo:Items"] = "24",
            ["Demo:Customers"] = "12",
            ["Demo:Orders"] = "60",
            // Composing photos costs CPU in every app the suite starts; the tests that look at them switch it on.
            ["Demo:Photos"] = "false",
            // The lake export's scheduler and start-up run; the tests of the export and of what reads it switch it on.
            ["Analytics:Lake:Enabled"] = "false",
            // Training and deploying the demo model at start-up; the tests of that deployment switch it on.
            ["Models:DeployDemoAtStartup"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public string DataDirectory => _dataDirectory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
