using System.Text.Json;

namespace Portal.Engine.Imaging.Edits;

/// <summary>
/// sharp's <c>gif(options)</c>, as Serverless Image Handler passes <c>edits.gif</c>: written by libvips' gifsave (cgif), as sharp does.
/// <see cref="Colours"/> caps the palette (sharp turns it into gifsave's bit depth, so the palette holds at most 2^bits entries);
/// the other options are gifsave's own. Options sharp has and gifsave here cannot honour are refused, naming them.
/// </summary>
public sealed record GifOptions
{
    /// <summary>Palette entries, 2-256 (sharp's <c>colours</c>/<c>colors</c>, default 256).</summary>
    public int? Colours { get; init; }

    /// <summary>CPU effort, 1 (fastest) to 10 (sharp's default 7).</summary>
    public int? Effort { get; init; }

    /// <summary>Floyd-Steinberg error diffusion, 0-1 (sharp's default 1).</summary>
    public double? Dither { get; init; }

    /// <summary>Pixels closer than this to the previous frame are made transparent, 0-32 (animations; default 0).</summary>
    public double? InterFrameMaxError { get; init; }

    /// <summary>Reuse the previous frame's palette when its error is below this, 0-256 (animations; default 3).</summary>
    public double? InterPaletteMaxError { get; init; }

    /// <summary>Keep an animation's existing palette where possible (sharp's <c>reuse</c>, default true).</summary>
    public bool? Reuse { get; init; }

    /// <summary>Interlaced (sharp's <c>progressive</c>, default false).</summary>
    public bool? Progressive { get; init; }

    /// <summary>The fewest bits that hold <see cref="Colours"/> entries, as sharp computes gifsave's <c>bitdepth</c>; null for 256.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int? BitDepth => Colours is { } colours ? (int)Math.Ceiling(Math.Log2(colours)) : null;

    /// <summary>Parses <c>edits.gif</c>: an object of the options above (or true/null/{} for sharp's defaults); anything else is a 400 naming it.</summary>
    public static GifOptions Parse(JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.Null) return new GifOptions();
        if (value.ValueKind != JsonValueKind.Object) throw ImageErrors.BadEdit("gif", "it must be an object of sharp's gif options");
        var options = new GifOptions();
        foreach (var option in value.EnumerateObject())
        {
            if (option.Value.ValueKind == JsonValueKind.Null) continue;
            options = option.Name switch
            {
                "colours" or "colors" => options with { Colours = (int)Math.Round(Number(option, 2, 256)) },
                "effort" => options with { Effort = (int)Math.Round(Number(option, 1, 10)) },
                "dither" => options with { Dither = Number(option, 0, 1) },
                "interFrameMaxError" => options with { InterFrameMaxError = Number(option, 0, 32) },
                "interPaletteMaxError" => options with { InterPaletteMaxError = Number(option, 0, 256) },
                "reuse" => options with { Reuse = Flag(option) },
                "reoptimise" or "reoptimize" => options with { Reuse = !Flag(option) }, // sharp's older name: the opposite of reuse
                "progressive" => options with { Progressive = Flag(option) },
                _ => throw ImageErrors.BadEdit("gif", $"the option '{option.Name}' is not supported here (use colours, effort, dither, interFrameMaxError, interPaletteMaxError, reuse or progressive)"),
            };
        }
        return options;
    }

    private static double Number(JsonProperty option, double min, double max)
    {
        if (!JsonNumbers.TryGet(option.Value, out var number) || number < min || number > max)
            throw ImageErrors.BadEdit("gif", $"{option.Name} must be a number from {min} to {max}");
        return number;
    }

    private static bool Flag(JsonProperty option) => option.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw ImageErrors.BadEdit("gif", $"{option.Name} must be true or false"),
    };
}
