using Microsoft.Extensions.Options;
using Quartz;

namespace Portal.Engine.Analytics.Lake;

/// <summary><c>Analytics:Lake</c> settings: where the Parquet dataset goes and when it is exported.</summary>
public sealed class LakeOptions
{
    public const string Section = "Analytics:Lake";

    /// <summary>Export on a schedule and at start-up. Off: only on demand (tests turn it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The object-store bucket of the lake; everything goes under the <c>lake/</c> prefix in it.</summary>
    public string Bucket { get; set; } = "portal-lake";

    /// <summary>
    /// The database the lake's tables are in, everywhere they are named: the Athena DDL the export writes
    /// (<c>CREATE DATABASE portal</c>), DuckDB's qualified names (<c>portal.sales</c>, <c>AwsDataCatalog.portal.sales</c>)
    /// and the one database the <c>/aws/athena</c> endpoint lists and accepts.
    /// </summary>
    public string Database { get; set; } = "portal";

    /// <summary>A Quartz cron expression (with seconds): every 15 minutes by default.</summary>
    public string Schedule { get; set; } = "0 0/15 * * * ?";

    /// <summary>Run at start-up when the dataset is missing or older than the schedule says it should be.</summary>
    public bool RunAtStartup { get; set; } = true;

    /// <summary>The dataset counts as stale when the last successful export is older than this.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Files no manifest of this long refers to are deleted; readers that started on an older manifest have this long
    /// to finish. With Athena over S3 keep it short: Athena reads every file under a partition's prefix.
    /// </summary>
    public TimeSpan PruneAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far back of the last watermark a run looks again, for changes committed late with an earlier time stamp.</summary>
    public TimeSpan WatermarkOverlap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rows per Parquet row group: what a writer holds in memory per open partition.</summary>
    public int RowGroupSize { get; set; } = 100_000;
}

public sealed class LakeOptionsValidator : IValidateOptions<LakeOptions>
{
    public ValidateOptionsResult Validate(string? name, LakeOptions o)
    {
        const string s = LakeOptions.Section;
        var errors = new List<string>();
        if (Storage.BucketName.Problem(o.Bucket) is { } problem)
            errors.Add($"{s}:Bucket '{o.Bucket}' is not a bucket name: {problem}.");
        if (!IsDatabaseName(o.Database))
            errors.Add($"{s}:Database must be 1-255 lower-case letters, digits or '_', starting with a letter (it is '{o.Database}').");
        if (!IsCron(o.Schedule))
            errors.Add($"{s}:Schedule must be a Quartz cron expression with seconds, e.g. '0 0/15 * * * ?' for every 15 minutes; it is '{o.Schedule}'.");
        if (o.StaleAfter < TimeSpan.FromMinutes(1) || o.StaleAfter > TimeSpan.FromDays(30))
            errors.Add($"{s}:StaleAfter must be between 00:01:00 and 30.00:00:00 (it is {o.StaleAfter}).");
        if (o.PruneAfter < TimeSpan.Zero || o.PruneAfter > TimeSpan.FromDays(7))
            errors.Add($"{s}:PruneAfter must be between 00:00:00 and 7.00:00:00 (it is {o.PruneAfter}).");
        if (o.WatermarkOverlap < TimeSpan.Zero || o.WatermarkOverlap > TimeSpan.FromHours(1))
            errors.Add($"{s}:WatermarkOverlap must be between 00:00:00 and 01:00:00 (it is {o.WatermarkOverlap}).");
        if (o.RowGroupSize is < 1_000 or > 1_000_000)
            errors.Add($"{s}:RowGroupSize must be between 1000 and 1000000 (it is {o.RowGroupSize}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>A name Athena (Glue) and DuckDB both take unquoted, so the DDL and analysts' SQL can write it bare.</summary>
    public static bool IsDatabaseName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 255 && char.IsAsciiLetterLower(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static bool IsCron(string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule)) return false;
        try
        {
            // An expression that parses but never fires again (a year long past) is no schedule either.
            return new CronExpression(schedule).GetNextValidTimeAfter(DateTimeOffset.UtcNow) is not null;
        }
        catch (FormatException) { return false; }
    }
}
