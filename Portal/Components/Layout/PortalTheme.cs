using MudBlazor;

namespace Portal.Components.Layout;

public static class PortalTheme
{
    // System fonts only: the portal runs offline and must not fetch web fonts.
    public static readonly MudTheme Theme = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
