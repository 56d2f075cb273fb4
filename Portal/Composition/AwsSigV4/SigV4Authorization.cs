namespace Portal.Composition.AwsSigV4;

/// <summary>
/// The parts of <c>Authorization: AWS4-HMAC-SHA256 Credential=ID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b,
/// Signature=hex</c>.
/// </summary>
public sealed record SigV4Authorization(string AccessKeyId, string Date, string Region, string Service, string Terminator,
    IReadOnlyList<string> SignedHeaders, string Signature)
{
    public string Scope => $"{Date}/{Region}/{Service}/{Terminator}";

    /// <summary>The parts, or the <c>IncompleteSignatureException</c> AWS answers for what is missing or malformed.</summary>
    public static (SigV4Authorization? Authorization, AwsError? Error) Parse(string header)
    {
        var space = header.IndexOf(' ');
        var algorithm = space < 0 ? header : header[..space];
        if (algorithm != SigV4Canonical.Algorithm)
            return (null, AwsError.Incomplete($"Unsupported AWS 'algorithm': '{Shorten(algorithm)}'; sign requests with Signature Version 4 ({SigV4Canonical.Algorithm})."));

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals > 0) fields[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        var missing = new[] { "Credential", "Signature", "SignedHeaders" }.Where(name => !fields.ContainsKey(name))
            .Select(name => $"Authorization header requires '{name}' parameter.").ToList();
        if (missing.Count > 0) return (null, AwsError.Incomplete(string.Join(' ', missing)));

        var credential = fields["Credential"].Split('/');
        if (credential.Length != 5 || credential.Any(string.IsNullOrEmpty))
            return (null, AwsError.Incomplete($"Credential should be scoped to a valid region, not '{Shorten(fields["Credential"])}'. "
                + "Credential is ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request."));
        var signedHeaders = fields["SignedHeaders"].Split(';');
        if (signedHeaders.Any(h => h.Length == 0 || h != h.ToLowerInvariant()))
            return (null, AwsError.Incomplete("SignedHeaders must be the lower-case names of the signed headers, separated by ';'."));
        if (fields["Signature"] is not { Length: 64 } signature || !signature.All(char.IsAsciiHexDigitLower) && !signature.All(char.IsAsciiHexDigit))
            return (null, AwsError.Incomplete("Signature must be 64 hexadecimal digits."));
        return (new SigV4Authorization(credential[0], credential[1], credential[2], credential[3], credential[4], signedHeaders, signature.ToLowerInvariant()), null);
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
