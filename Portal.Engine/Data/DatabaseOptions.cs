using Microsoft.Extensions.Options;

namespace Portal.Engine.Data;

/// <summary>Settings under <c>Database</c>: which engine holds the shop and where.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary><c>Sqlite</c> (default, a file under <see cref="DataDirectory"/>) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Required for Postgres; for Sqlite it defaults to <c>{DataDirectory}/portal.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the embedded database file (relative paths are under the content root).</summary>
    public string DataDirectory { get; set; } = "data";

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public string SqliteConnectionString(string contentRoot) =>
        ConnectionString ?? $"Data Source={Path.Combine(Path.GetFullPath(DataDirectory, contentRoot), "portal.db")}";
}

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (!string.Equals(options.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase) && !options.IsPostgres)
            failures.Add($"Database:Provider must be 'Sqlite' or 'Postgres', not '{options.Provider}'.");
        if (options.IsPostgres && string.IsNullOrWhiteSpace(options.ConnectionString))
            failures.Add("Database:ConnectionString is required when Database:Provider is 'Postgres'.");
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            failures.Add("Database:DataDirectory must not be empty.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
