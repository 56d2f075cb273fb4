namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// The query parameters the image handler reads, as Dynamic Image Transformation for Amazon CloudFront (Serverless Image
/// Handler's successor, v7+) reads them: <c>signature</c>, <c>expires</c> and the edit parameters of its query-param-mapper.ts
/// (plus <c>quality</c>, this handler's own). Names are case-sensitive; a name given twice counts with its last value, as
/// the successor's CloudFront function passes it on. Any other parameter (e.g. the portal's <c>download</c>) is neither an
/// edit nor signed: the successor's CloudFront function drops those before its handler sees them.
/// </summary>
public sealed class ImageQuery
{
    public const string SignatureName = "signature";
    public const string ExpiresName = "expires";

    /// <summary>The edit parameters, in ordinal order: the order the successor's CloudFront function sorts them into.</summary>
    public static readonly IReadOnlyList<string> EditNames =
        ["fit", "flip", "flop", "format", "grayscale", "greyscale", "height", "quality", "rotate", "width"];

    public static readonly ImageQuery None = new(new SortedDictionary<string, string>(StringComparer.Ordinal));

    private readonly SortedDictionary<string, string> _values;

    private ImageQuery(SortedDictionary<string, string> values) => _values = values;

    /// <summary>The parameters of a request; pairs with a null value (a name without a value in some parsers) count as empty.</summary>
    public static ImageQuery From(IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
            if (name is SignatureName or ExpiresName || EditNames.Contains(name))
                values[name] = value ?? "";
        return values.Count == 0 ? None : new ImageQuery(values);
    }

    public string? Signature => _values.GetValueOrDefault(SignatureName);
    public string? Expires => _values.GetValueOrDefault(ExpiresName);

    /// <summary>The edit parameters given, in <see cref="EditNames"/> order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Edits => _values.Where(p => p.Key is not (SignatureName or ExpiresName));

    public bool HasEdits => Edits.Any();

    /// <summary>
    /// What a signature covers (the successor's image-request.ts): the path, then, when there are any, <c>?</c> and the
    /// parameters read here but <c>signature</c>, sorted by name, as <c>name=value</c> (decoded) joined by <c>&amp;</c>.
    /// With no such parameters it is the path alone, Serverless Image Handler v6's string.
    /// </summary>
    public string StringToSign(string path)
    {
        var signed = string.Join('&', _values.Where(p => p.Key != SignatureName).Select(p => $"{p.Key}={p.Value}"));
        return signed.Length == 0 ? path : $"{path}?{signed}";
    }
}
