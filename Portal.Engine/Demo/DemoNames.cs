namespace Portal.Engine.Demo;

/// <summary>A demo item's name ("Coastal Tote Bag in Sage") and the same as a phrase for its description.</summary>
public sealed record DemoName(string Name, string Phrase);

/// <summary>
/// Gives every demo item a name no other item has. The drawn adjective and noun are used while that
/// name is free; then the next free adjective for the noun; once a noun has used every adjective,
/// the same again in a colour ("in Sage"), and past the colours, numbered editions ("No. 2").
/// </summary>
internal sealed class DemoNames
{
    public static readonly string[] Adjectives =
        ["Classic", "Vintage", "Modern", "Nordic", "Coastal", "Urban", "Botanical", "Minimal", "Retro", "Alpine", "Golden", "Midnight"];

    public static readonly string[] Colours =
        ["Sage", "Ivory", "Slate", "Terracotta", "Ochre", "Navy", "Blush", "Charcoal", "Teal", "Sand"];

    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Per noun, the first variant level (0 plain, 1.. colours, then editions) that still has a free adjective.</summary>
    private readonly Dictionary<string, (int Level, int Used)> _open = new();

    public DemoName Take(string noun, int adjectiveIndex)
    {
        var (level, used) = _open.GetValueOrDefault(noun);
        while (true)
        {
            for (var k = 0; k < Adjectives.Length; k++)
            {
                var adjective = Adjectives[(adjectiveIndex + k) % Adjectives.Length];
                var name = Compose(adjective, noun, level);
                if (!_taken.Add(name.Name)) continue;
                _open[noun] = ++used == Adjectives.Length ? (level + 1, 0) : (level, used);
                return name;
            }
            (level, used) = (level + 1, 0); // not reached while only this class names items, kept for safety
        }
    }

    private static DemoName Compose(string adjective, string noun, int level)
    {
        var variant = level == 0 ? "" : level <= Colours.Length ? $" in {Colours[level - 1]}" : $" No. {level - Colours.Length + 1}";
        return new DemoName($"{adjective} {noun}{variant}", $"{adjective} {noun.ToLowerInvariant()}{variant.ToLowerInvariant()}");
    }
}
