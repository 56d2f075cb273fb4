using Portal.Engine.Analytics.Athena;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>Results as Athena writes them: all values quoted, nulls empty, read back page by page from byte offsets.</summary>
public sealed class AthenaCsvTests
{
    [Fact]
    public void Values_are_quoted_as_Athena_quotes_them()
    {
        using var csv = new MemoryStream();
        AthenaCsv.WriteRow(csv, ["a", "say \"hi\"", null, "", "1,2"]);
        Assert.Equal("\"a\",\"say \"\"hi\"\"\",,\"\",\"1,2\"\n", System.Text.Encoding.UTF8.GetString(csv.ToArray()));
    }

    [Fact]
    public async Task Rows_read_back_exactly_across_pages_including_nulls_newlines_and_unicode()
    {
        var rows = Enumerable.Range(0, 25).Select(i => new string?[] { $"row {i}", i % 3 == 0 ? null : "", "multi\nline, \"quoted\"", "Zürich 東京 🚀" }).ToList();
        using var csv = new MemoryStream();
        foreach (var row in rows) AthenaCsv.WriteRow(csv, row);

        var read = new List<string?[]>();
        long offset = 0;
        var more = true;
        while (more)
        {
            csv.Position = 0;
            var (page, end, hasMore) = await AthenaCsv.ReadRowsAsync(new NonSeekable(csv), offset, 7, CancellationToken.None);
            read.AddRange(page);
            offset = end;
            more = hasMore;
        }

        Assert.Equal(rows.Count, read.Count);
        for (var i = 0; i < rows.Count; i++) Assert.Equal(rows[i], read[i]);
    }

    [Fact]
    public void Values_format_as_Athena_renders_them()
    {
        Assert.Equal("2026-11-05 07:08:09.123", AthenaValueFormat.Format(new DateTime(2026, 11, 5, 7, 8, 9, 123, DateTimeKind.Utc)));
        Assert.Equal("2026-11-05", AthenaValueFormat.Format(new DateOnly(2026, 11, 5)));
        Assert.Equal("12.50", AthenaValueFormat.Format(12.5m, 2));
        Assert.Equal("true", AthenaValueFormat.Format(true));
        Assert.Equal("0.1", AthenaValueFormat.Format(0.1d));
        Assert.Null(AthenaValueFormat.Format(null));
    }

    /// <summary>An S3 object's stream cannot seek: pages skip to their offset by reading.</summary>
    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 5));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
