using System.Text;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;
using Portal.Engine.Analytics.Console;
using Portal.Engine.Analytics.Query;

namespace Portal.Tests.Engine.Analytics.Console;

/// <summary>A result as the CSV and Parquet files the console downloads; the Parquet file read back with Parquet.Net and with DuckDB.</summary>
public sealed class ResultFileTests
{
    private static readonly DateTime Placed = new(2026, 11, 3, 14, 5, 0, 123, 456, DateTimeKind.Utc);

    private static readonly QueryResult Result = new(
    [
        new QueryColumn("order_id", "bigint"), new QueryColumn("quantity", "integer"), new QueryColumn("line_total", "decimal", 12, 2),
        new QueryColumn("share", "double"), new QueryColumn("placed_at", "timestamp"), new QueryColumn("snapshot_date", "date"),
        new QueryColumn("is_active", "boolean"), new QueryColumn("item_name", "varchar"),
    ],
    [
        [42L, 3, 19.99m, 0.25, Placed, new DateOnly(2026, 11, 30), true, "Mug, \"large\""],
        [43L, null, null, null, null, null, null, null],
        [44L, 1, -5.50m, 1e-7, Placed.AddDays(1), new DateOnly(2026, 12, 1), false, "=HYPERLINK(\"x\")"],
    ], Truncated: false, TimeSpan.FromMilliseconds(12));

    [Fact]
    public async Task The_csv_has_a_header_invariant_values_empty_nulls_and_no_formulas()
    {
        using var output = new MemoryStream();
        await ResultCsv.WriteAsync(Result, output);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal(
            "order_id,quantity,line_total,share,placed_at,snapshot_date,is_active,item_name\r\n"
            + "42,3,19.99,0.25,2026-11-03 14:05:00.123456,2026-11-30,true,\"Mug, \"\"large\"\"\"\r\n"
            + "43,,,,,,,\r\n"
            + "44,1,-5.50,1E-07,2026-11-04 14:05:00.123456,2026-12-01,false,\"'=HYPERLINK(\"\"x\"\")\"\r\n",
            text);
    }

    [Fact]
    public async Task The_parquet_file_keeps_the_results_types_and_values()
    {
        using var output = new MemoryStream();
        await ResultParquet.WriteAsync(Result, output);
        output.Position = 0;

        await using var reader = await ParquetReader.CreateAsync(output);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(Result.Columns.Select(c => c.Name), fields.Select(f => f.Name));
        var total = Assert.IsType<DecimalDataField>(fields[2]);
        Assert.Equal((12, 2), (total.Precision, total.Scale));
        Assert.Equal(DateTimeFormat.Timestamp, Assert.IsType<DateTimeDataField>(fields[4]).DateTimeFormat);

        using var group = reader.OpenRowGroupReader(0);
        var ids = new long?[3];
        await group.ReadAsync(fields[0], ids.AsMemory());
        var totals = new decimal?[3];
        await group.ReadAsync(fields[2], totals.AsMemory());
        var placed = new DateTime?[3];
        await group.ReadAsync(fields[4], placed.AsMemory());
        var names = new string?[3];
        await group.ReadAsync(fields[7], names.AsMemory());
        Assert.Equal([42L, 43L, 44L], ids);
        Assert.Equal([19.99m, null, -5.50m], totals);
        Assert.Equal([Placed, null, Placed.AddDays(1)], placed);
        Assert.Equal(["Mug, \"large\"", null, "=HYPERLINK(\"x\")"], names); // Parquet is data, not a spreadsheet: kept as is
    }

    [Fact]
    public async Task DuckDB_reads_the_parquet_file_with_the_same_types()
    {
        var file = Path.Combine(Path.GetTempPath(), $"portal-console-{Guid.NewGuid():N}.parquet");
        try
        {
            await using (var output = File.Create(file)) await ResultParquet.WriteAsync(Result, output);

            await using var duck = new DuckDBConnection("Data Source=:memory:");
            await duck.OpenAsync();
            await using var describe = duck.CreateCommand();
            describe.CommandText = $"SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('{file}'))";
            var types = new List<string>();
            await using (var rows = await describe.ExecuteReaderAsync())
                while (await rows.ReadAsync()) types.Add(rows.GetString(0));
            Assert.Equal(["BIGINT", "INTEGER", "DECIMAL(12,2)", "DOUBLE", "TIMESTAMP WITH TIME ZONE", "DATE", "BOOLEAN", "VARCHAR"], types);

            await using var sum = duck.CreateCommand();
            sum.CommandText = $"SELECT sum(line_total)::VARCHAR, count(placed_at), max(snapshot_date)::VARCHAR FROM read_parquet('{file}')";
            await using var result = await sum.ExecuteReaderAsync();
            Assert.True(await result.ReadAsync());
            Assert.Equal(("14.49", 2L, "2026-12-01"), (result.GetString(0), result.GetInt64(1), result.GetString(2)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_empty_result_is_a_parquet_file_with_its_columns_and_no_rows()
    {
        using var output = new MemoryStream();
        await ResultParquet.WriteAsync(Result with { Rows = [] }, output);
        output.Position = 0;

        await using var reader = await ParquetReader.CreateAsync(output);
        Assert.Equal(8, reader.Schema.GetDataFields().Length);
        Assert.Equal(0, Enumerable.Range(0, reader.RowGroupCount).Sum(i => reader.OpenRowGroupReader(i).RowCount));
    }
}
