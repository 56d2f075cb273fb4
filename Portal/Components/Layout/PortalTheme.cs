using MudBlazor;

namespace Portal.Components.Layout;

/// <summary>
/// The portal's look. Every colour pair meets WCAG AA (4.5:1 for text, 3:1 for controls' boundaries and icons) in both themes:
/// light colours are dark enough for text on white and for white text on them; dark-theme colours are light
/// enough for text on the dark surfaces and carry black text when filled (MudBlazor's defaults do not:
/// its green on white is 2.2:1). PortalThemeTests checks the pairs; the e2e accessibility journey runs axe.
/// </summary>
public static class PortalTheme
{
    private const string White = "#ffffff";
    private const string Ink = "rgba(0,0,0,0.87)";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#594ae2", PrimaryContrastText = White,
            Secondary = "#c2185b", SecondaryContrastText = White,
            Tertiary = "#00796b", TertiaryContrastText = White,
            Info = "#1565c0", InfoContrastText = White,
            Success = "#2e7d32", SuccessContrastText = White,
            Warning = "#a15c00", WarningContrastText = White,
            Error = "#c62828", ErrorContrastText = White,
            TextPrimary = "rgba(0,0,0,0.87)",
            TextSecondary = "rgba(0,0,0,0.62)",
            ActionDefault = "rgba(0,0,0,0.62)",
            DrawerText = "rgba(0,0,0,0.87)",
            DrawerIcon = "rgba(0,0,0,0.62)",
            AppbarBackground = "#594ae2", AppbarText = White,
            // Input borders and underlines, outlined chips: 3:1 on white (MudBlazor's #bdbdbd is 1.9:1).
            LinesInputs = "rgba(0,0,0,0.48)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#b0a8f5", PrimaryContrastText = Ink,
            Secondary = "#ff80ab", SecondaryContrastText = Ink,
            Tertiary = "#5eead4", TertiaryContrastText = Ink,
            Info = "#7cc4ff", InfoContrastText = Ink,
            Success = "#4ade80", SuccessContrastText = Ink,
            Warning = "#fbbf24", WarningContrastText = Ink,
            Error = "#ff8a80", ErrorContrastText = Ink,
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.70)",
            ActionDefault = "rgba(255,255,255,0.70)",
            DrawerText = "rgba(255,255,255,0.87)",
            DrawerIcon = "rgba(255,255,255,0.70)",
            AppbarText = "rgba(255,255,255,0.87)",
            // Input borders and underlines, outlined chips: 3:1 on the dark surfaces (MudBlazor's 0.3 white is 2.5:1).
            LinesInputs = "rgba(255,255,255,0.50)",
        },
        // System fonts only: the portal runs offline and must not fetch web fonts.
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
