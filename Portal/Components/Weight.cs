using System.Globalization;

namespace Portal.Components;

public static class Weight
{
    /// <summary>Grams as people read them: "850 g", "12.4 kg".</summary>
    public static string Format(long grams) =>
        grams < 1000 ? $"{grams} g" : (grams / 1000m).ToString("#,0.0", CultureInfo.InvariantCulture) + " kg";
}
