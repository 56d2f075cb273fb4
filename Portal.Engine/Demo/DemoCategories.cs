using SkiaSharp;

namespace Portal.Engine.Demo;

/// <summary>A kind of demo product and the OpenMoji motif (hexcode, see Art/motifs.txt) its photos show.</summary>
public sealed record DemoProduct(string Noun, string Motif);

/// <summary>
/// A demo category: its products, price and weight ranges, and the background colours its photos are
/// composed on (one family of colours per category, so a category's photos look alike).
/// </summary>
public sealed record DemoCategory(
    string Name, IReadOnlyList<DemoProduct> Products, decimal MinPrice, decimal MaxPrice, int MinGrams, int MaxGrams,
    IReadOnlyList<SKColor> Backdrop)
{
    /// <summary>The product whose noun the item's name contains, or null (a name Sales changed).</summary>
    public DemoProduct? ProductNamed(string itemName) =>
        Products.Where(p => itemName.Contains(p.Noun, StringComparison.OrdinalIgnoreCase)).MaxBy(p => p.Noun.Length);
}

public static class DemoCategories
{
    public static readonly IReadOnlyList<DemoCategory> All =
    [
        new("Prints", [new("Poster", "1F304"), new("Art Print", "1F3A8"), new("Canvas", "1F3A8"), new("Photo Print", "1F304"), new("Map Print", "1F5FA")],
            9m, 89m, 80, 900, [new(0xF3, 0xE6, 0xC8), new(0xEC, 0xD5, 0xA9), new(0xF7, 0xEE, 0xDB)]),
        new("Frames", [new("Oak Frame", "1F5BC"), new("Metal Frame", "1FA9E"), new("Float Frame", "1FA9E"), new("Box Frame", "1F5BC"), new("Gallery Frame", "1F5BC")],
            14m, 120m, 300, 2500, [new(0xC9, 0xD6, 0xE8), new(0xAF, 0xC2, 0xDC), new(0xDD, 0xE5, 0xF1)]),
        new("Cameras", [new("Film Camera", "1F39E"), new("Instant Camera", "1F4F8"), new("Compact Camera", "1F4F7"), new("Lens Cap", "1F4F7"), new("Camera Strap", "1F4F8")],
            12m, 480m, 60, 1400, [new(0x3A, 0x40, 0x46), new(0x2B, 0x31, 0x36), new(0x4A, 0x52, 0x59)]),
        new("Stationery", [new("Notebook", "1F4D3"), new("Postcard Set", "2709"), new("Sketchbook", "1F4D4"), new("Photo Album", "1F4D4"), new("Greeting Cards", "2709")],
            4m, 45m, 40, 800, [new(0xF6, 0xCF, 0xD6), new(0xF0, 0xB8, 0xC4), new(0xFA, 0xE1, 0xE6)]),
        new("Home", [new("Photo Mug", "2615"), new("Cushion", "1F6CB"), new("Wall Calendar", "1F4C5"), new("Coaster Set", "2615"), new("Photo Blanket", "1F6CB")],
            8m, 75m, 150, 1800, [new(0xCF, 0xE3, 0xC4), new(0xB9, 0xD6, 0xAA), new(0xE0, 0xEE, 0xD8)]),
        new("Accessories", [new("Tote Bag", "1F45C"), new("Phone Case", "1F4F1"), new("Keyring", "1F511"), new("Mouse Pad", "1F5B1"), new("Puzzle", "1F9E9")],
            5m, 39m, 20, 600, [new(0xF9, 0xC7, 0x8B), new(0xF5, 0xB0, 0x6C), new(0xFC, 0xDB, 0xB0)]),
    ];

    /// <summary>What the photo of an item in a category the demo does not know shows.</summary>
    public static readonly DemoCategory Other = new("Other", [new("Item", "1F4E6")], 1m, 1m, 1, 1,
        [new(0xE4, 0xE4, 0xE4), new(0xD2, 0xD2, 0xD2), new(0xF0, 0xF0, 0xF0)]);

    public static DemoCategory Named(string category) =>
        All.FirstOrDefault(c => string.Equals(c.Name, category, StringComparison.OrdinalIgnoreCase)) ?? Other;

    /// <summary>Every motif a demo photo can show.</summary>
    public static IEnumerable<string> Motifs => All.Append(Other).SelectMany(c => c.Products).Select(p => p.Motif).Distinct();
}
