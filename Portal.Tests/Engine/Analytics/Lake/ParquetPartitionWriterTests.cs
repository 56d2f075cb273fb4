using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Tests.Engine.Analytics.Lake;

/// <summary>
/// The two ways rows reach a Parquet file - boxed rows (the small tables) and typed batches (sales, orders) - write the
/// same file byte for byte, across row groups, with nulls and with source columns of another type than the lake's.
/// </summary>
public sealed class ParquetPartitionWriterTests
{
    private static readonly LakeTable Table = new("t", "test", Partitioned: false,
    [
        new("id", "bigint"), new("at", "timestamp"), new("name", "string"), new("count", "int"), new("price", "decimal(12,2)"),
        new("flag", "boolean"), new("key", "string"),
    ]);

    private static readonly LakeValueKind[] Kinds =
        [LakeValueKind.Int32, LakeValueKind.Timestamp, LakeValueKind.Text, LakeValueKind.Int32, LakeValueKind.Decimal, LakeValueKind.Boolean, LakeValueKind.Int32];

    private static object?[] Row(int i) =>
    [
        i, i % 4 == 0 ? null : new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i * 7.5), i % 5 == 0 ? null : $"item {i % 3}",
        i % 6 == 0 ? null : i * 3, i % 7 == 0 ? null : 10.005m * i, i % 2 == 0, 1000 + i % 4,
    ];

    [Fact]
    public async Task Rows_and_batches_write_the_same_file()
    {
        var rows = Enumerable.Range(1, 23).Select(Row).ToList();

        await using var byRow = new ParquetPartitionWriter(Table, rowGroupSize: 5);
        foreach (var row in rows) await byRow.AddAsync(row, default);
        var expected = await byRow.CompleteAsync(default);

        await using var byBatch = new ParquetPartitionWriter(Table, rowGroupSize: 5);
        foreach (var chunk in rows.Chunk(7)) // batches that straddle row groups
        {
            var batch = new LakeBatch(Kinds, capacity: 7);
            foreach (var row in chunk) batch.Add(row);
            await byBatch.AddAsync(batch.Columns, batch.Count, default);
        }
        var written = await byBatch.CompleteAsync(default);

        Assert.Equal(23, written.Rows);
        Assert.Equal(expected.Bytes, written.Bytes);
        Assert.Equal(expected.Sha256, written.Sha256);
    }

    [Fact]
    public async Task Writers_on_a_previous_writers_buffers_write_the_same_files_as_fresh_ones()
    {
        var pool = new ColumnBufferPool();
        // A bigger file first (two full row groups and a part), then smaller ones: no value of an earlier file may leak.
        foreach (var (first, count) in new[] { (1, 13), (100, 4), (200, 5), (300, 1) })
        {
            var rows = Enumerable.Range(first, count).Select(Row).ToList();
            await using var fresh = new ParquetPartitionWriter(Table, rowGroupSize: 5);
            foreach (var row in rows) await fresh.AddAsync(row, default);
            var expected = await fresh.CompleteAsync(default);

            var pooled = new ParquetPartitionWriter(Table, 5, null, pool);
            foreach (var row in rows) await pooled.AddAsync(row, default);
            var written = await pooled.CompleteAsync(default);
            Assert.Equal(expected.Sha256, written.Sha256);
            await pooled.DisposeAsync();
        }
        Assert.NotNull(pool.TryRent(Table, 5)); // the last writer's buffers went back
        Assert.Null(pool.TryRent(Table, 5));
    }

    [Fact]
    public void A_batch_gives_back_the_rows_it_was_given()
    {
        var batch = new LakeBatch(Kinds, capacity: 4);
        batch.Add(Row(4));
        batch.Add(Row(35));
        var row = new object?[Kinds.Length];

        batch.CopyRow(1, row);

        Assert.Equal(2, batch.Count);
        Assert.Equal(Row(35), row);
        Assert.Equal(35L, batch.Columns[0].Int64(1));
        Assert.Equal("1003", batch.Columns[6].Text(1)); // an int read as text, as the row path converts it
        batch.CopyRow(0, row);
        Assert.Null(row[1]);
        Assert.True(batch.Columns[1].Nulls[0]);
    }
}
