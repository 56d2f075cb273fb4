using System.Globalization;

namespace Portal.Engine.Storage;

/// <summary>
/// The folder store's archive tier. An archived object's file moves to <c>{root}/.archive/{bucket}/...</c> (no bucket
/// name starts with '.'), so it still lists, heads and deletes, but reading it requests a restore first, as an S3 GET of
/// a GLACIER object does: a marker beside the archived file says when the restore is done (<c>restoreDelay</c> after it
/// was asked for; zero restores at once). Once done, the file moves back, and a marker beside it keeps it out of the
/// archive for the restore period.
/// </summary>
public sealed partial class FileSystemObjectStore
{
    private const string ArchiveFolder = ".archive";
    private const string RestoreRequestedSuffix = ".restore";
    private const string RestoredSuffix = ".restored";

    /// <summary>The buckets in the store.</summary>
    public IEnumerable<string> Buckets() =>
        Directory.EnumerateDirectories(_root).Select(Path.GetFileName).OfType<string>().Where(name => BucketName.Problem(name) is null);

    /// <summary>
    /// Moves the object to the archive when it was last written before <paramref name="writtenBefore"/> and was not
    /// restored after <paramref name="restoredBefore"/>; true when it moved.
    /// </summary>
    public Task<bool> ArchiveAsync(string bucket, string key, DateTimeOffset writtenBefore, DateTimeOffset restoredBefore,
        CancellationToken cancellationToken = default)
    {
        var path = ObjectPath(bucket, key);
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) >= writtenBefore.UtcDateTime) return Task.FromResult(false);
        if (ReadTime(path + RestoredSuffix) is { } restoredAt && restoredAt >= restoredBefore) return Task.FromResult(false);
        var archived = ArchivePath(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(archived)!);
        try
        {
            File.Move(path, archived, overwrite: true);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult(false); // deleted meanwhile
        }
        File.Delete(path + RestoredSuffix);
        RemoveEmptyFolders(Path.GetDirectoryName(path)!, BucketPath(bucket));
        return Task.FromResult(true);
    }

    private string ArchiveBucketPath(string bucket) => Path.Combine(_root, ArchiveFolder, BucketName.Validate(bucket));

    private string ArchivePath(string bucket, string key) =>
        Path.Combine(ArchiveBucketPath(bucket), Path.GetRelativePath(BucketPath(bucket), ObjectPath(bucket, key)));

    private ObjectInfo? ArchivedInfo(string bucket, string key)
    {
        var archived = ArchivePath(bucket, key);
        try
        {
            using var file = new FileStream(archived, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
            var (header, offset) = ReadHeader(file);
            return ToInfo(key, archived, header, file.Length - offset) with { Archived = true };
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Requests the restore (once), and restores when it is due; throws <see cref="ObjectArchivedException"/> until then.</summary>
    private void RestoreOnRead(string bucket, string key)
    {
        var archived = ArchivePath(bucket, key);
        var request = archived + RestoreRequestedSuffix;
        var now = _clock.GetUtcNow();
        var readyAt = ReadTime(request);
        if (readyAt is null)
        {
            readyAt = now + _restoreDelay;
            if (_restoreDelay > TimeSpan.Zero) WriteTime(request, readyAt.Value);
        }
        if (readyAt > now) throw new ObjectArchivedException(bucket, key, readyAt.Value - now);

        var path = ObjectPath(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            File.Move(archived, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path) || !File.Exists(archived))
        {
            return; // restored (or replaced) by another reader meanwhile
        }
        WriteTime(path + RestoredSuffix, now);
        File.Delete(request);
        RemoveEmptyFolders(Path.GetDirectoryName(archived)!, ArchiveBucketPath(bucket));
    }

    /// <summary>Removes the archived copy and the restore markers of a key being replaced or deleted.</summary>
    private void DropArchiveState(string bucket, string key, string path)
    {
        var archived = ArchivePath(bucket, key);
        if (File.Exists(path + RestoredSuffix)) File.Delete(path + RestoredSuffix);
        if (!File.Exists(archived) && !File.Exists(archived + RestoreRequestedSuffix)) return;
        File.Delete(archived + RestoreRequestedSuffix);
        File.Delete(archived);
        RemoveEmptyFolders(Path.GetDirectoryName(archived)!, ArchiveBucketPath(bucket));
    }

    private static DateTimeOffset? ReadTime(string file)
    {
        try
        {
            return DateTimeOffset.TryParse(File.ReadAllText(file), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void WriteTime(string file, DateTimeOffset at) => File.WriteAllText(file, at.ToString("O", CultureInfo.InvariantCulture));
}
