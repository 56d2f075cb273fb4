using MudBlazor;
using MudBlazor.Utilities;
using Portal.Components.Layout;

namespace Portal.Tests.Components;

/// <summary>The theme's colour pairs meet WCAG AA in both themes: 4.5:1 for text, 3:1 for what marks out a control (borders, icons, focus ring).</summary>
public sealed class PortalThemeTests
{
    public static TheoryData<string> Themes => new("light", "dark");

    private static Palette PaletteOf(string theme) => theme == "light" ? PortalTheme.Theme.PaletteLight : PortalTheme.Theme.PaletteDark;

    [Theory]
    [MemberData(nameof(Themes))]
    public void Coloured_and_secondary_text_is_readable_on_every_surface(string theme)
    {
        var p = PaletteOf(theme);
        var texts = new Dictionary<string, MudColor>
        {
            ["Primary"] = p.Primary, ["Secondary"] = p.Secondary, ["Tertiary"] = p.Tertiary, ["Info"] = p.Info,
            ["Success"] = p.Success, ["Warning"] = p.Warning, ["Error"] = p.Error,
            ["TextPrimary"] = p.TextPrimary, ["TextSecondary"] = p.TextSecondary,
        };
        // BackgroundGray tints rows set apart, such as archived catalog items.
        foreach (var (surfaceName, surface) in Surfaces(p).Append(("DrawerBackground", p.DrawerBackground)))
            foreach (var (name, text) in texts)
                AssertReadable(text, surface, $"{theme} {name} on {surfaceName}");
        AssertReadable(p.DrawerText, p.DrawerBackground, $"{theme} DrawerText");
        AssertReadable(p.AppbarText, p.AppbarBackground, $"{theme} AppbarText");
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public void Filled_colours_carry_readable_text(string theme)
    {
        var p = PaletteOf(theme);
        AssertReadable(p.PrimaryContrastText, p.Primary, $"{theme} Primary filled");
        AssertReadable(p.SecondaryContrastText, p.Secondary, $"{theme} Secondary filled");
        AssertReadable(p.TertiaryContrastText, p.Tertiary, $"{theme} Tertiary filled");
        AssertReadable(p.InfoContrastText, p.Info, $"{theme} Info filled");
        AssertReadable(p.SuccessContrastText, p.Success, $"{theme} Success filled");
        AssertReadable(p.WarningContrastText, p.Warning, $"{theme} Warning filled");
        AssertReadable(p.ErrorContrastText, p.Error, $"{theme} Error filled");
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public void Control_boundaries_and_icons_stand_out_from_every_surface(string theme)
    {
        var p = PaletteOf(theme);
        var marks = new Dictionary<string, MudColor>
        {
            ["LinesInputs"] = p.LinesInputs,         // text field borders and underlines, outlined chips
            ["ActionDefault"] = p.ActionDefault,     // icon buttons, unticked check boxes and radios
            ["Primary"] = p.Primary,                 // ticked controls and the focus ring
        };
        foreach (var (surfaceName, surface) in Surfaces(p))
            foreach (var (name, mark) in marks)
                AssertContrast(mark, surface, 3, $"{theme} {name} on {surfaceName}");
        AssertContrast(p.AppbarText, p.AppbarBackground, 3, $"{theme} focus ring in the app bar");
    }

    [Fact]
    public void MudBlazors_own_input_borders_would_fail_so_the_check_can_fail()
    {
        Assert.True(Contrast(new PaletteLight().LinesInputs, PortalTheme.Theme.PaletteLight.Surface) < 3);
        Assert.True(Contrast(new PaletteDark().LinesInputs, PortalTheme.Theme.PaletteDark.Surface) < 3);
    }

    [Fact]
    public void MudBlazors_own_green_would_fail_so_the_check_can_fail() =>
        Assert.True(Contrast(new PaletteLight().Success, new PaletteLight().Background) < 4.5);

    private static IEnumerable<(string, MudColor)> Surfaces(Palette p) =>
        [("Background", p.Background), ("Surface", p.Surface), ("BackgroundGray", p.BackgroundGray)];

    private static void AssertReadable(MudColor text, MudColor background, string pair) => AssertContrast(text, background, 4.5, pair);

    private static void AssertContrast(MudColor colour, MudColor background, double minimum, string pair)
    {
        var ratio = Contrast(colour, background);
        Assert.True(ratio >= minimum, $"{pair}: {ratio:0.00}:1 ({colour} on {background}) is below {minimum}:1");
    }

    /// <summary>WCAG 2 contrast ratio; a translucent text colour is first blended over the background.</summary>
    private static double Contrast(MudColor text, MudColor background)
    {
        var a = text.A / 255.0;
        double Blend(byte t, byte b) => t * a + b * (1 - a);
        var fg = Luminance(Blend(text.R, background.R), Blend(text.G, background.G), Blend(text.B, background.B));
        var bg = Luminance(background.R, background.G, background.B);
        return (Math.Max(fg, bg) + 0.05) / (Math.Min(fg, bg) + 0.05);
    }

    private static double Luminance(double r, double g, double b)
    {
        static double Channel(double v)
        {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(r) + 0.7152 * Channel(g) + 0.0722 * Channel(b);
    }
}
