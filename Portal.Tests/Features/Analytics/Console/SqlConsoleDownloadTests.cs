using System.Text;
using Bunit;
using Microsoft.JSInterop;
using Parquet;
using Portal.Engine.Analytics.Query;
using Portal.Tests.Engine.Analytics.Query.DuckDb;

namespace Portal.Tests.Features.Analytics.Console;

/// <summary>A result downloaded as CSV and as Parquet, streamed to the browser from the result the page holds.</summary>
public sealed class SqlConsoleDownloadTests : SqlConsoleTestContext
{
    private const string Sql = "SELECT line_id, item_name, line_total, placed_at FROM sales ORDER BY line_id LIMIT 2";

    private (string FileName, string ContentType, byte[] Content) Download(string button)
    {
        var page = RenderConsole();
        Type(page, Sql);
        Run(page);
        WaitForResult(page);
        page.Find($"[data-testid={button}]").Click();
        // The file is written, then handed to the browser, after the click returns.
        page.WaitForAssertion(() => Script.VerifyInvoke("download"), Patience);
        var call = Script.VerifyInvoke("download");
        var stream = Assert.IsType<DotNetStreamReference>(call.Arguments[2]);
        return ((string)call.Arguments[0]!, (string)call.Arguments[1]!, ((MemoryStream)stream.Stream).ToArray());
    }

    [Fact]
    public void The_csv_download_holds_the_result()
    {
        var (name, type, content) = Download("result-download-csv");

        Assert.Matches(@"^query-\d{8}-\d{6}\.csv$", name);
        Assert.Equal("text/csv", type);
        Assert.Equal(
            "line_id,item_name,line_total,placed_at\r\n1,Mug,25.00,2026-10-03 09:30:00.000000\r\n2,Tea,4.25,2026-10-03 09:30:00.000000\r\n",
            Encoding.UTF8.GetString(content));
    }

    [Fact]
    public async Task The_parquet_download_reads_back_with_the_results_types()
    {
        var (name, type, content) = Download("result-download-parquet");

        Assert.EndsWith(".parquet", name);
        Assert.Equal("application/vnd.apache.parquet", type);
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(content));
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["line_id", "item_name", "line_total", "placed_at"], fields.Select(f => f.Name));
        var total = Assert.IsType<Parquet.Schema.DecimalDataField>(fields[2]);
        Assert.Equal(2, total.Scale);
        using var group = reader.OpenRowGroupReader(0);
        var totals = new decimal?[2];
        await group.ReadAsync(fields[2], totals.AsMemory());
        var placed = new DateTime?[2];
        await group.ReadAsync(fields[3], placed.AsMemory());
        Assert.Equal([25.00m, 4.25m], totals);
        Assert.Equal(new DateTime(2026, 10, 3, 9, 30, 0, DateTimeKind.Utc), placed[0]);
    }
}

/// <summary>The console under a row limit of 2: a longer result is cut off and says so.</summary>
public sealed class SqlConsoleRowLimitTests : SqlConsoleTestContext
{
    protected override Task<DuckDbLake> LakeAsync() => DuckDbLake.WithSampleAsync(new QueryLimits { MaxRows = 2 });

    [Fact]
    public void A_result_over_the_row_limit_says_it_was_truncated()
    {
        var page = RenderConsole();
        Type(page, "SELECT line_id FROM sales ORDER BY line_id");
        Run(page);

        WaitForResult(page);
        Assert.StartsWith("2 rows (truncated)", Text(page, "result-count"));
        Assert.Contains("truncated at 2 rows", Text(page, "result-truncated"));
        page.WaitForAssertion(() => Assert.Contains("2 rows (truncated)", Text(page, "history-outcome")), Patience);
    }
}

/// <summary>The console before the first export: no dataset yet.</summary>
public sealed class SqlConsoleWithoutDatasetTests : SqlConsoleTestContext
{
    protected override async Task<DuckDbLake> LakeAsync()
    {
        var lake = new DuckDbLake();
        await lake.Store.EnsureBucketAsync(DuckDbLake.Bucket);
        return lake;
    }

    [Fact]
    public void Running_says_the_dataset_is_not_available_and_why()
    {
        var page = RenderConsole();
        Type(page, "SELECT count(*) FROM sales");
        Run(page);

        WaitForError(page);
        Assert.Equal("The dataset is not available", Text(page, "query-error-title"));
        Assert.Contains("not exported yet", Text(page, "query-error-message"));
    }
}
