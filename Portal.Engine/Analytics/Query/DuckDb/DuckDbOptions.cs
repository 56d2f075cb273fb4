using Microsoft.Extensions.Options;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>Settings under <c>Analytics:DuckDb</c> for the embedded engine.</summary>
public sealed class DuckDbOptions
{
    public const string Section = "Analytics:DuckDb";

    /// <summary>
    /// The local mirror of the dataset, and the only folder queries may read (relative paths are under the content
    /// root; empty means <c>{Database:DataDirectory}/lake-cache</c>). Keep it for the engine alone: anything in it is readable.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>
    /// How long a manifest check stays fresh before the next query looks for a newer one (the manifest object's tag
    /// first). A manifest this process publishes is looked at by the next query whatever the interval.
    /// </summary>
    public TimeSpan ManifestCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>DuckDB's <c>memory_limit</c> per connection.</summary>
    public string MemoryLimit { get; set; } = "2GB";

    /// <summary>DuckDB's <c>threads</c> per connection.</summary>
    public int Threads { get; set; } = 2;

    /// <summary>
    /// The most values one call of a scalar list or string maker may build (<c>generate_series</c>, <c>range</c>,
    /// <c>repeat</c>, <c>lpad</c>/<c>rpad</c>, <c>list_resize</c>): DuckDB's memory_limit does not count them.
    /// </summary>
    public long MaxGeneratedValues { get; set; } = 10_000_000;

    /// <summary>
    /// The portal process's resident memory at which running queries are stopped, as a size such as '12GB'; empty
    /// means three quarters of the memory the process may use. It backs up <see cref="MemoryLimit"/>, which does
    /// not count everything a query allocates, so one analyst's query cannot take the shop down with it.
    /// </summary>
    public string? ProcessMemoryCeiling { get; set; }

    /// <summary><see cref="ProcessMemoryCeiling"/> in bytes.</summary>
    public long ProcessMemoryCeilingBytes => string.IsNullOrWhiteSpace(ProcessMemoryCeiling)
        ? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3
        : DataSizes.Bytes(ProcessMemoryCeiling);

    /// <summary>Idle locked-down connections kept per dataset version, ready for the next query.</summary>
    public int PoolSize { get; set; } = 4;
}

public sealed class DuckDbOptionsValidator : IValidateOptions<DuckDbOptions>
{
    public ValidateOptionsResult Validate(string? name, DuckDbOptions options)
    {
        var failures = new List<string>();
        var p = DuckDbOptions.Section;
        if (options.ManifestCheckInterval < TimeSpan.Zero)
            failures.Add($"{p}:ManifestCheckInterval must not be negative.");
        if (!DataSizes.IsSize(options.MemoryLimit))
            failures.Add($"{p}:MemoryLimit must be a size such as '2GB', not '{options.MemoryLimit}'.");
        if (!string.IsNullOrWhiteSpace(options.ProcessMemoryCeiling) && !DataSizes.IsSize(options.ProcessMemoryCeiling))
            failures.Add($"{p}:ProcessMemoryCeiling must be a size such as '12GB', or empty for three quarters of the memory, not '{options.ProcessMemoryCeiling}'.");
        if (options.MaxGeneratedValues is < 1_000 or > 1_000_000_000)
            failures.Add($"{p}:MaxGeneratedValues must be between 1000 and 1000000000, not {options.MaxGeneratedValues}.");
        if (options.Threads is < 1 or > 64)
            failures.Add($"{p}:Threads must be between 1 and 64, not {options.Threads}.");
        if (options.PoolSize is < 0 or > 64)
            failures.Add($"{p}:PoolSize must be between 0 and 64, not {options.PoolSize}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
