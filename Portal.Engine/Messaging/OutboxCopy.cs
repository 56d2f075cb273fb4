using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace Portal.Engine.Messaging;

/// <summary>
/// The rows of <see cref="OutboxWriter.WriteAsync"/> on PostgreSQL as one binary COPY written straight into a buffer, in
/// PostgreSQL's binary COPY format: per row the field count, then each field's length and bytes (-1 for NULL). Npgsql's
/// importer resolves a converter and runs an async write for every value (ten per row), which cost more client CPU than
/// serializing the event itself; here a row is a few spans. Runs on the caller's connection, in its current transaction.
/// </summary>
internal sealed class OutboxCopy
{
    private const int FlushAt = 64 * 1024;
    private static readonly byte[] Header = [.. "PGCOPY\n"u8, 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    /// <summary>PostgreSQL's timestamps count microseconds from 2000-01-01 UTC.</summary>
    private static readonly long EpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt + 16 * 1024);
    private readonly short _fields;

    public OutboxCopy(int fields)
    {
        _fields = (short)fields;
        _buffer.Write(Header);
    }

    public void StartRow() => BinaryPrimitives.WriteInt16BigEndian(Take(2), _fields);

    public void Uuid(Guid value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Take(4), 16);
        value.TryWriteBytes(Take(16), bigEndian: true, out _);
    }

    /// <summary>A text or varchar field: its UTF-8 bytes (the connection's client encoding is UTF-8), or NULL.</summary>
    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }
        var span = _buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        _buffer.Advance(4 + length);
    }

    /// <summary>A text field given as its UTF-8 bytes.</summary>
    public void Utf8(ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Take(4), value.Length);
        _buffer.Write(value);
    }

    /// <summary>A timestamptz field; as Npgsql, only a UTC time, and the extremes as PostgreSQL's infinities.</summary>
    public void TimestampTz(DateTime value)
    {
        if (value.Kind != DateTimeKind.Utc)
            throw new InvalidCastException($"Cannot write DateTime with Kind={value.Kind} to PostgreSQL type 'timestamp with time zone', only UTC is supported.");
        var micros = value == DateTime.MaxValue ? long.MaxValue : value == DateTime.MinValue ? long.MinValue : (value.Ticks - EpochTicks) / 10;
        BinaryPrimitives.WriteInt32BigEndian(Take(4), 8);
        BinaryPrimitives.WriteInt64BigEndian(Take(8), micros);
    }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Take(4), 4);
        BinaryPrimitives.WriteInt32BigEndian(Take(4), value);
    }

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

    /// <summary>Sends what is buffered once it is large enough (or always, at the end).</summary>
    public async ValueTask FlushAsync(Stream copy, bool always, CancellationToken cancellationToken)
    {
        if (!always && _buffer.WrittenCount < FlushAt) return;
        await copy.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }

    /// <summary>Runs <paramref name="write"/> inside <c>COPY ... FROM STDIN (FORMAT BINARY)</c>; a failure cancels the COPY, so no row of it is kept.</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, string copyCommand, Func<Stream, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginRawBinaryCopyAsync(copyCommand, cancellationToken);
        try
        {
            await write(copy, cancellationToken);
        }
        catch
        {
            await copy.CancelAsync();
            throw;
        }
    }

    /// <summary>The trailer that ends the data.</summary>
    public void End() => BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);

    private Span<byte> Take(int bytes)
    {
        var span = _buffer.GetSpan(bytes)[..bytes];
        _buffer.Advance(bytes);
        return span;
    }
}
