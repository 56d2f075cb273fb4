namespace Portal.Engine.Storage;

/// <summary>A read-only view of a file from an offset to its end: the content part of an object file.</summary>
internal sealed class ObjectContentStream : Stream
{
    private readonly FileStream _file;
    private readonly long _offset;

    public ObjectContentStream(FileStream file, long offset)
    {
        _file = file;
        _offset = offset;
        _file.Position = offset;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _file.Length - _offset;

    public override long Position
    {
        get => _file.Position - _offset;
        set => _file.Position = _offset + Math.Clamp(value, 0, Length);
    }

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => _file.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _file.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _file.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };
        return Position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _file.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _file.DisposeAsync();
}
