using System.Security.Cryptography;

namespace Portal.Engine.Analytics.Access;

/// <summary>What access key ids and secrets look like: made here, and checked when configured (the demo key).</summary>
public static class AnalystAccessKeyText
{
    public const int MinIdLength = 16, MaxIdLength = 128, MinSecretLength = 16, MaxSecretLength = 128;

    // AWS's key ids are upper-case base32 (A-Z, 2-7); its secrets are base64, whose '+' and '/' a shell or a URL may
    // mangle, so secrets here use letters and digits only.
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new key id: <c>AKIA</c> and 16 random characters, 20 in all.</summary>
    public static string NewId() => "AKIA" + RandomNumberGenerator.GetString(IdAlphabet, 16);

    /// <summary>A new secret: 40 random letters and digits (238 bits).</summary>
    public static string NewSecret() => RandomNumberGenerator.GetString(SecretAlphabet, 40);

    /// <summary>Why <paramref name="id"/> cannot be a key id (AWS's own rule: 16-128 word characters; here upper-case letters and digits), or null.</summary>
    public static string? IdError(string? id) =>
        id is null || id.Length is < MinIdLength or > MaxIdLength || !id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))
            ? $"an access key id is {MinIdLength} to {MaxIdLength} upper-case letters and digits, e.g. AKIAPORTALDEMO0000001"
            : null;

    /// <summary>
    /// Why <paramref name="secret"/> cannot be a secret, or null: visible ASCII only (no spaces), so it fits an HTTP header
    /// and a shell variable unchanged.
    /// </summary>
    public static string? SecretError(string? secret) =>
        secret is null || secret.Length is < MinSecretLength or > MaxSecretLength || !secret.All(c => c is > ' ' and < '\x7f')
            ? $"a secret access key is {MinSecretLength} to {MaxSecretLength} visible ASCII characters without spaces"
            : null;
}
