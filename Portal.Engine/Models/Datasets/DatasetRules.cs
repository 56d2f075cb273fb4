using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Engine.Models.Datasets;

/// <summary>What a dataset's name and labels may be; each check throws <see cref="ModelsException"/> naming its field.</summary>
public static partial class DatasetRules
{
    public const string NameRule = "1-80 characters of a-z, 0-9, '-' and '_'";
    public const int MinLabels = 2;
    public const int MaxLabels = 50;
    public const int MaxLabelLength = 128;

    [GeneratedRegex("^[a-z0-9_-]{1,80}$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public static string ValidName(string? name) =>
        IsValidName(name?.Trim()) ? name!.Trim() : throw new ModelsException($"A dataset name is {NameRule}.", "name");

    /// <summary>The labels trimmed, blank ones dropped, checked: 2-50 distinct labels of 1-128 characters.</summary>
    public static IReadOnlyList<string> ValidLabels(IEnumerable<string?> labels)
    {
        var list = labels.Select(l => l?.Trim() ?? "").Where(l => l.Length > 0).ToList();
        if (list.FirstOrDefault(l => l.Length > MaxLabelLength) is { } tooLong)
            throw new ModelsException($"The label '{tooLong[..20]}...' is longer than {MaxLabelLength} characters.", "labels");
        if (list.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ModelsException($"The label '{twice.Key}' is given more than once.", "labels");
        if (list.Count is < MinLabels or > MaxLabels)
            throw new ModelsException($"A dataset has {MinLabels}-{MaxLabels} labels, not {list.Count}.", "labels");
        return list;
    }

    public static IReadOnlyList<string> Labels(this ModelDataset dataset) =>
        JsonSerializer.Deserialize<string[]>(dataset.LabelsJson) ?? [];

    public static string LabelsJson(IEnumerable<string> labels) => JsonSerializer.Serialize(labels.ToArray());
}
