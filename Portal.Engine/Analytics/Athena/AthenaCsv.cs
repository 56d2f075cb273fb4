using System.Globalization;
using System.Text;

namespace Portal.Engine.Analytics.Athena;

/// <summary>
/// Results as Athena writes them to S3: every value and the header in double quotes (inner quotes doubled), a null as
/// an empty unquoted field, rows ended by <c>\n</c>. Quoting is what tells a null from an empty string when reading back.
/// </summary>
public static class AthenaCsv
{
    public static void WriteRow(Stream output, IEnumerable<string?> fields)
    {
        var line = new StringBuilder();
        var first = true;
        foreach (var field in fields)
        {
            if (!first) line.Append(',');
            first = false;
            if (field is not null) line.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        line.Append('\n');
        var bytes = Encoding.UTF8.GetBytes(line.ToString());
        output.Write(bytes);
    }

    /// <summary>
    /// Reads up to <paramref name="maxRows"/> rows starting at byte <paramref name="offset"/> (a row start). Returns the rows,
    /// the offset after the last one read, and whether more rows follow. Works on bytes (the delimiters are ASCII), so
    /// offsets are exact and a page can start anywhere a previous one ended.
    /// </summary>
    public static async Task<(List<string?[]> Rows, long End, bool More)> ReadRowsAsync(Stream csv, long offset, int maxRows, CancellationToken ct)
    {
        await SkipAsync(csv, offset, ct);
        var reader = new ByteReader(csv);
        var rows = new List<string?[]>();
        var position = offset;
        while (rows.Count < maxRows)
        {
            var (row, length) = await ReadRowAsync(reader, ct);
            if (row is null) return (rows, position, false);
            rows.Add(row);
            position += length;
        }
        return (rows, position, await reader.PeekAsync(ct) >= 0);
    }

    private static async Task SkipAsync(Stream csv, long offset, CancellationToken ct)
    {
        if (offset == 0) return;
        if (csv.CanSeek) { csv.Seek(offset, SeekOrigin.Begin); return; }
        var buffer = new byte[81920];
        var left = offset;
        while (left > 0)
        {
            var read = await csv.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
            if (read == 0) throw new InvalidDataException("The result file is shorter than the page token says.");
            left -= read;
        }
    }

    private static async Task<(string?[]? Row, long Length)> ReadRowAsync(ByteReader reader, CancellationToken ct)
    {
        var first = await reader.PeekAsync(ct);
        if (first < 0) return (null, 0);
        var fields = new List<string?>();
        var bytes = new List<byte>();
        long length = 0;
        var quoted = false;
        var inQuotes = false;
        while (true)
        {
            var b = await reader.ReadAsync(ct);
            if (b >= 0) length++;
            if (inQuotes)
            {
                if (b < 0) throw new InvalidDataException("The result file ends inside a quoted value.");
                if (b == '"')
                {
                    if (await reader.PeekAsync(ct) == '"') { await reader.ReadAsync(ct); length++; bytes.Add((byte)'"'); }
                    else inQuotes = false;
                }
                else bytes.Add((byte)b);
                continue;
            }
            if (b == '"') { quoted = inQuotes = true; continue; }
            if (b is ',' or '\n' or -1)
            {
                fields.Add(quoted || bytes.Count > 0 ? Encoding.UTF8.GetString(bytes.ToArray()) : null);
                bytes.Clear();
                quoted = false;
                if (b == ',') continue;
                return (fields.ToArray(), length);
            }
            bytes.Add((byte)b);
        }
    }

    private sealed class ByteReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[65536];
        private int _position;
        private int _length;

        public async ValueTask<int> PeekAsync(CancellationToken ct)
        {
            if (_position < _length) return _buffer[_position];
            _length = await stream.ReadAsync(_buffer, ct);
            _position = 0;
            return _length == 0 ? -1 : _buffer[0];
        }

        public async ValueTask<int> ReadAsync(CancellationToken ct)
        {
            var b = await PeekAsync(ct);
            if (b >= 0) _position++;
            return b;
        }
    }
}

/// <summary>How Athena renders values in its CSV results and in GetQueryResults.</summary>
public static class AthenaValueFormat
{
    public static string? Format(object? value, int scale = 0) => value switch
    {
        null or DBNull => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => scale > 0 ? m.ToString("F" + scale, CultureInfo.InvariantCulture) : m.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        byte[] bytes => string.Join(' ', bytes.Select(x => x.ToString("x2", CultureInfo.InvariantCulture))),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string FormatDouble(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity"
        : d.ToString("R", CultureInfo.InvariantCulture);
}
