using System.Security.Cryptography;
using System.Text.Json;

namespace Portal.Engine.Storage;

/// <summary>
/// The embedded object store: one folder per bucket under a root folder. Each object is one file
/// (a small JSON header with content type and metadata, then the bytes), written to a temporary file
/// and renamed into place, so a reader sees the old or the new object, never half of one.
/// Key segments map to folders named "{segment}.d" and the last one to a file "{segment}.o", so a key
/// and a longer key under it ("a", "a/b") never collide. Keys and bucket names are validated first,
/// so nothing outside the root can be addressed. Archived objects live in an archive area beside the buckets
/// (see FileSystemObjectStore.Archive.cs).
/// </summary>
public sealed partial class FileSystemObjectStore : IObjectStore
{
    private const string FileSuffix = ".o";
    private const string FolderSuffix = ".d";
    private static readonly byte[] Magic = "POB1"u8.ToArray();
    private readonly string _root;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _restoreDelay;

    /// <param name="rootDirectory">The folder of the buckets.</param>
    /// <param name="clock">The time restores are requested and done by.</param>
    /// <param name="restoreDelay">How long restoring an archived object takes (zero: it is restored as it is read).</param>
    public FileSystemObjectStore(string rootDirectory, TimeProvider? clock = null, TimeSpan restoreDelay = default)
    {
        _root = Path.GetFullPath(rootDirectory);
        _clock = clock ?? TimeProvider.System;
        _restoreDelay = restoreDelay;
        Directory.CreateDirectory(_root);
    }

    public string RootDirectory => _root;

    public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(BucketPath(bucket));
        return Task.CompletedTask;
    }

    public async Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        var path = ObjectPath(bucket, key);
        if (!Directory.Exists(BucketPath(bucket))) throw new ObjectBucketNotFoundException(bucket);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Guid.NewGuid():N}.tmp");
        try
        {
            long length = 0;
            string etag;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                var header = new ObjectHeader(contentType, metadata is null ? [] : new Dictionary<string, string>(metadata), "");
                var headerLength = WriteHeader(file, header with { ETag = new string('0', 32) });
                using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    length += read;
                }
                etag = Convert.ToHexStringLower(md5.GetHashAndReset());
                file.Position = 0;
                if (WriteHeader(file, header with { ETag = etag }) != headerLength) throw new InvalidOperationException("object header changed size");
            }
            File.Move(temporary, path, overwrite: true);
            DropArchiveState(bucket, key, path);
            return new ObjectInfo(key, length, contentType, File.GetLastWriteTimeUtc(path), etag, metadata ?? new Dictionary<string, string>());
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = ObjectPath(bucket, key);
        if (!File.Exists(path) && File.Exists(ArchivePath(bucket, key))) RestoreOnRead(bucket, key);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StoredObject?>(null);
        }
        try
        {
            var (header, offset) = ReadHeader(file);
            var info = ToInfo(key, path, header, file.Length - offset);
            return Task.FromResult<StoredObject?>(new StoredObject(info, new ObjectContentStream(file, offset)));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = ObjectPath(bucket, key);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
            var (header, offset) = ReadHeader(file);
            return Task.FromResult<ObjectInfo?>(ToInfo(key, path, header, file.Length - offset));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult(ArchivedInfo(bucket, key));
        }
    }

    public Task<ObjectListing> ListAsync(string bucket, string prefix, int pageSize = 1000, string? continuationToken = null,
        CancellationToken cancellationToken = default)
    {
        ObjectKey.ValidatePrefix(prefix);
        if (pageSize is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(pageSize), "pageSize must be 1 to 1000.");
        var bucketPath = BucketPath(bucket);
        // Walk only the folder of the prefix's complete segments.
        var lastSlash = prefix.LastIndexOf('/');
        var folder = lastSlash < 0 ? "" : FolderPath(prefix[..lastSlash]);
        var archivePath = ArchiveBucketPath(bucket);
        var keys = KeysIn(bucketPath, folder).Concat(KeysIn(archivePath, folder)).Distinct(StringComparer.Ordinal)
            .Where(k => k is not null && k.StartsWith(prefix, StringComparison.Ordinal)
                        && (continuationToken is null || string.CompareOrdinal(k, continuationToken) > 0))
            .Select(k => k!)
            .Order(StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();

        var page = new List<ObjectSummary>(Math.Min(keys.Count, pageSize));
        foreach (var key in keys.Take(pageSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = ObjectPath(bucket, key);
            if (!File.Exists(path)) path = ArchivePath(bucket, key);
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
                var (header, offset) = ReadHeader(file);
                page.Add(new ObjectSummary(key, file.Length - offset, File.GetLastWriteTimeUtc(path), header.ETag));
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // deleted (or archived or restored) while listing
            }
        }
        var next = keys.Count > pageSize ? keys[pageSize - 1] : null;
        return Task.FromResult(new ObjectListing(page, next));
    }

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = ObjectPath(bucket, key);
        DropArchiveState(bucket, key, path);
        if (File.Exists(path))
        {
            File.Delete(path);
            RemoveEmptyFolders(Path.GetDirectoryName(path)!, BucketPath(bucket));
        }
        return Task.CompletedTask;
    }

    public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        var path = BucketPath(bucket);
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        if (Directory.Exists(ArchiveBucketPath(bucket))) Directory.Delete(ArchiveBucketPath(bucket), recursive: true);
        return Task.CompletedTask;
    }

    private string BucketPath(string bucket) => Path.Combine(_root, BucketName.Validate(bucket));

    private string ObjectPath(string bucket, string key)
    {
        ObjectKey.Validate(key);
        var slash = key.LastIndexOf('/');
        var folder = slash < 0 ? "" : FolderPath(key[..slash]);
        var path = Path.GetFullPath(Path.Combine(BucketPath(bucket), folder, key[(slash + 1)..] + FileSuffix));
        // Defence in depth: validation already refuses anything that could leave the bucket's folder.
        if (!path.StartsWith(BucketPath(bucket) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidObjectKeyException($"Object key '{key}' is refused: it leaves the bucket.");
        return path;
    }

    private static string FolderPath(string keyFolder) =>
        Path.Combine(keyFolder.Split('/').Select(segment => segment + FolderSuffix).ToArray());

    private static IEnumerable<string?> KeysIn(string bucketPath, string folder)
    {
        var start = Path.Combine(bucketPath, folder);
        return Directory.Exists(start)
            ? Directory.EnumerateFiles(start, "*" + FileSuffix, SearchOption.AllDirectories).Select(file => KeyOf(bucketPath, file))
            : [];
    }

    private static string? KeyOf(string bucketPath, string file)
    {
        var relative = Path.GetRelativePath(bucketPath, file).Split(Path.DirectorySeparatorChar);
        var segments = new string[relative.Length];
        for (var i = 0; i < relative.Length; i++)
        {
            var suffix = i == relative.Length - 1 ? FileSuffix : FolderSuffix;
            if (!relative[i].EndsWith(suffix, StringComparison.Ordinal)) return null;
            segments[i] = relative[i][..^suffix.Length];
        }
        return string.Join('/', segments);
    }

    private static void RemoveEmptyFolders(string folder, string bucketPath)
    {
        try
        {
            while (folder.Length > bucketPath.Length && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
                folder = Path.GetDirectoryName(folder)!;
            }
        }
        catch (IOException)
        {
            // another writer filled it again
        }
    }

    private static ObjectInfo ToInfo(string key, string path, ObjectHeader header, long length) =>
        new(key, length, header.ContentType, File.GetLastWriteTimeUtc(path), header.ETag, header.Metadata);

    private static int WriteHeader(Stream file, ObjectHeader header)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        file.Write(Magic);
        file.Write(BitConverter.GetBytes(json.Length));
        file.Write(json);
        return Magic.Length + 4 + json.Length;
    }

    private static (ObjectHeader Header, long Offset) ReadHeader(FileStream file)
    {
        Span<byte> prefix = stackalloc byte[8];
        file.ReadExactly(prefix);
        if (!prefix[..4].SequenceEqual(Magic)) throw new InvalidDataException($"'{file.Name}' is not an object file.");
        var length = BitConverter.ToInt32(prefix[4..]);
        if (length is < 2 or > 1 << 20) throw new InvalidDataException($"'{file.Name}' has a damaged header.");
        var json = new byte[length];
        file.ReadExactly(json);
        var header = JsonSerializer.Deserialize<ObjectHeader>(json) ?? throw new InvalidDataException($"'{file.Name}' has a damaged header.");
        return (header, 8 + length);
    }

    private sealed record ObjectHeader(string ContentType, Dictionary<string, string> Metadata, string ETag);
}
