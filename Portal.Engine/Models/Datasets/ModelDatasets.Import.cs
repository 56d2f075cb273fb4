using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Images;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Storage;

namespace Portal.Engine.Models.Datasets;

public sealed partial class ModelDatasets
{
    /// <summary>The largest manifest imported (a line per image; 64 MB is several hundred thousand lines).</summary>
    public const long MaxManifestBytes = 64L * 1024 * 1024;

    /// <summary>Stores an uploaded manifest in the models bucket (<see cref="ModelsLayout.ImportUpload"/>), then imports it.</summary>
    public async Task<ManifestImportResult> ImportUploadAsync(string name, string? description, Stream manifest, string? attribute,
        string by, CancellationToken cancellationToken = default)
    {
        name = DatasetRules.ValidName(name);
        var key = ModelsLayout.ImportUpload(name, Now);
        await Store.EnsureBucketAsync(Bucket, cancellationToken);
        await Store.PutAsync(Bucket, key, manifest, "application/jsonlines", cancellationToken: cancellationToken);
        return await ImportAsync(name, description, Bucket, key, attribute, by, cancellationToken);
    }

    /// <summary>
    /// Creates an <see cref="DatasetKind.Imported"/> dataset from a SageMaker augmented manifest at <paramref name="bucket"/>/<paramref name="key"/>:
    /// each line's <c>source-ref</c> must name a known image and <paramref name="attribute"/> (default: the dataset's name) its label.
    /// Lines that do not are reported by number and left out; the labels are those the good lines use.
    /// </summary>
    public async Task<ManifestImportResult> ImportAsync(string name, string? description, string bucket, string key, string? attribute,
        string by, CancellationToken cancellationToken = default)
    {
        name = DatasetRules.ValidName(name);
        attribute = string.IsNullOrWhiteSpace(attribute) ? name : attribute.Trim();
        if (BucketName.Problem(bucket) is { } bucketProblem) throw new ModelsException($"'{bucket}' is not a bucket name: {bucketProblem}.", "bucket");
        if (!ObjectKey.IsValid(key)) throw new ModelsException($"'{key}' is not an object key.", "key");
        var lines = await ReadManifestAsync(bucket, key, cancellationToken);

        var problems = new List<ManifestLineProblem>();
        var parsed = new List<(int Line, string Ref, string Label)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var (entry, problem) = ParseLine(lines[i], attribute);
            if (problem is not null) problems.Add(new(i + 1, problem));
            else if (parsed.Any(p => p.Ref == entry.Ref)) problems.Add(new(i + 1, $"{entry.Ref} is on an earlier line already."));
            else parsed.Add((i + 1, entry.Ref, entry.Label));
        }
        var images = await ResolveAsync(parsed.Select(p => p.Ref).ToList(), cancellationToken);
        var items = new List<DatasetItem>();
        foreach (var (line, sourceRef, label) in parsed)
        {
            if (!images.TryGetValue(sourceRef, out var image)) problems.Add(new(line, $"{sourceRef} is not a known customer image or product photo."));
            else items.Add(new DatasetItem
            {
                Source = image.Source, ObjectKey = image.ObjectKey, ImageId = image.ImageId, CatalogItemId = image.CatalogItemId,
                OwnerUserId = image.OwnerUserId, Label = label, LabelledBy = by, LabelledAt = Now,
            });
        }
        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        if (items.Count == 0) return new ManifestImportResult(null, 0, problems);

        var labels = DatasetRules.ValidLabels(items.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var dataset = await CreateAsync(name, description, DatasetKind.Imported, labels, by, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var item in items) item.DatasetId = dataset.Id;
        db.DatasetItems.AddRange(items);
        await db.SaveChangesAsync(cancellationToken);
        return new ManifestImportResult(dataset, items.Count, problems);
    }

    private async Task<List<string>> ReadManifestAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        await using var stored = await Store.GetAsync(bucket, key, cancellationToken)
            ?? throw new ModelsException($"There is no object s3://{bucket}/{key}.", "key");
        if (stored.Info.Length > MaxManifestBytes)
            throw new ModelsException($"The manifest is {stored.Info.Length} bytes; at most {MaxManifestBytes} are imported.", "key");
        using var reader = new StreamReader(stored.Content, new UTF8Encoding(false, throwOnInvalidBytes: false));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line) lines.Add(line);
        return lines;
    }

    private static ((string Ref, string Label) Entry, string? Problem) ParseLine(string line, string attribute)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (default, "is not a JSON object.");
        }
        if (root.ValueKind != JsonValueKind.Object) return (default, "is not a JSON object.");
        if (!root.TryGetProperty("source-ref", out var sourceRef) || sourceRef.ValueKind != JsonValueKind.String)
            return (default, "has no \"source-ref\" string.");
        if (SourceRefs.Parse(sourceRef.GetString()) is null)
            return (default, $"\"source-ref\" '{sourceRef.GetString()}' is not s3://bucket/key.");
        if (!root.TryGetProperty(attribute, out var label) || label.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            return (default, $"has no label attribute \"{attribute}\" (a string).");
        var text = label.ValueKind == JsonValueKind.String ? label.GetString()!.Trim() : label.GetRawText();
        if (text.Length is 0 or > DatasetRules.MaxLabelLength)
            return (default, $"its label is empty or longer than {DatasetRules.MaxLabelLength} characters.");
        return ((sourceRef.GetString()!, text), null);
    }

    /// <summary>The Ready customer images and product photos these references name, by reference.</summary>
    private async Task<Dictionary<string, ImageRef>> ResolveAsync(List<string> sourceRefs, CancellationToken cancellationToken)
    {
        var catalog = spaces.For(CatalogPhotos.Space);
        var candidates = sourceRefs.Select(SourceRefs.Parse).OfType<(string Bucket, string Key)>()
            .Select(r => r.Key.StartsWith(catalog.KeyPrefix, StringComparison.Ordinal) ? r.Key[catalog.KeyPrefix.Length..] : r.Key)
            .Select(k => k.StartsWith(CustomerImageSpaces.PrefixRoot, StringComparison.Ordinal) && k.Split('/', 3) is [_, _, var rest] ? rest : k)
            .Distinct().ToList();
        var found = new Dictionary<string, ImageRef>(StringComparer.Ordinal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in candidates.Chunk(500))
        {
            var photos = await db.CatalogItems.AsNoTracking().Where(c => c.PhotoKey != null && chunk.Contains(c.PhotoKey))
                .Select(c => new { c.Id, c.PhotoKey }).ToListAsync(cancellationToken);
            foreach (var photo in photos)
                found[Refs.For(ImageSource.Product, photo.PhotoKey!, null)] = new ImageRef(ImageSource.Product, photo.PhotoKey!, CatalogItemId: photo.Id);
            var images = await db.Images.AsNoTracking().Where(i => i.Status == ImageStatus.Ready && chunk.Contains(i.OriginalKey))
                .Select(i => new { i.Id, i.OriginalKey, i.OwnerUserId }).ToListAsync(cancellationToken);
            foreach (var image in images)
                found[Refs.For(ImageSource.Customer, image.OriginalKey, image.OwnerUserId)] =
                    new ImageRef(ImageSource.Customer, image.OriginalKey, ImageId: image.Id, OwnerUserId: image.OwnerUserId);
        }
        return found;
    }
}
