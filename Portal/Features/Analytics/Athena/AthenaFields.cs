using System.Globalization;
using System.Text.Json;

namespace Portal.Features.Analytics.Athena;

/// <summary>
/// Reads one operation's members from the JSON body with Athena's constraints, collecting every violation into one
/// <c>InvalidRequestException</c> worded as AWS words it ("1 validation error detected: Value '0' at 'maxResults'
/// failed to satisfy constraint: ..."). A JSON null counts as absent, as in AWS; unknown members are ignored.
/// </summary>
public sealed class AthenaFields
{
    private readonly JsonElement _body;
    private readonly string _path;
    private readonly List<string> _errors;

    public AthenaFields(JsonElement body) : this(body, "", []) { }

    private AthenaFields(JsonElement body, string path, List<string> errors) => (_body, _path, _errors) = (body, path, errors);

    public string? String(string name, int min, int max, bool required = false, Func<string, bool>? pattern = null, string? patternText = null)
    {
        if (!TryGet(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.String) return Invalid<string>(name, value, "Member must be a string");
        var text = value.GetString()!;
        if (text.Length < min) return Invalid<string>(name, value, $"Member must have length greater than or equal to {min}");
        if (text.Length > max) return Invalid<string>(name, value, $"Member must have length less than or equal to {max}");
        if (pattern is not null && !pattern(text)) return Invalid<string>(name, value, $"Member must satisfy regular expression pattern: {patternText}");
        if (text.Contains('\0')) return Invalid<string>(name, value, NoNul);
        return text;
    }

    public int? Int(string name, int min, int max)
    {
        if (!TryGet(name, false, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number)) return Invalid<int?>(name, value, "Member must be an integer");
        if (number < min) return Invalid<int?>(name, value, $"Member must have value greater than or equal to {min}");
        if (number > max) return Invalid<int?>(name, value, $"Member must have value less than or equal to {max}");
        return number;
    }

    public AthenaFields? Object(string name, bool required = false)
    {
        if (!TryGet(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Object) return Invalid<AthenaFields>(name, value, "Member must be a structure");
        return new AthenaFields(value, PathOf(name) + ".", _errors);
    }

    public IReadOnlyList<string>? StringList(string name, int minItems, int maxItems, int itemMin, int itemMax, bool required = false)
    {
        if (!TryGet(name, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) return Invalid<IReadOnlyList<string>>(name, value, "Member must be a list");
        var count = value.GetArrayLength();
        if (count < minItems) return Invalid<IReadOnlyList<string>>(name, value, $"Member must have length greater than or equal to {minItems}");
        if (count > maxItems) return Invalid<IReadOnlyList<string>>(name, value, $"Member must have length less than or equal to {maxItems}");
        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Length < itemMin || item.GetString()!.Length > itemMax)
                return Invalid<IReadOnlyList<string>>(name, value, $"Member must contain strings of length {itemMin} to {itemMax}");
            if (item.GetString()!.Contains('\0')) return Invalid<IReadOnlyList<string>>(name, value, NoNul);
            items.Add(item.GetString()!);
        }
        return items;
    }

    // No database stores a NUL character in text (PostgreSQL refuses it), and no query, id or name needs one.
    private const string NoNul = "Member must not contain the NUL character (\\u0000)";

    /// <summary>Throws the collected violations as one InvalidRequestException.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count == 0) return;
        var count = _errors.Count == 1 ? "1 validation error detected" : $"{_errors.Count} validation errors detected";
        throw AthenaError.InvalidRequest($"{count}: {string.Join("; ", _errors)}");
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        if (_body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) return true;
        if (required) _errors.Add($"Value null at '{PathOf(name)}' failed to satisfy constraint: Member must not be null");
        return false;
    }

    private T? Invalid<T>(string name, JsonElement value, string constraint)
    {
        _errors.Add($"Value {Shown(value)} at '{PathOf(name)}' failed to satisfy constraint: {constraint}");
        return default;
    }

    private string PathOf(string name) => _path + char.ToLowerInvariant(name[0]) + name[1..];

    private static string Shown(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return "'" + (text.Length > 64 ? text[..64] + "..." : text) + "'";
    }
}

/// <summary>The name patterns Athena's API model gives its members.</summary>
public static class AthenaPatterns
{
    public static bool WorkGroup(string s) => s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);
}
