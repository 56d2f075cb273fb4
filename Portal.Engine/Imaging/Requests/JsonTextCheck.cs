using System.Text.Json;

namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// Whether every name and string in a JSON document is valid UTF-16: JSON may escape a lone surrogate ("\ud800"),
/// which .NET cannot turn into a string; such a document is refused once, before anything reads it.
/// </summary>
internal static class JsonTextCheck
{
    public static bool IsValid(JsonElement element)
    {
        try
        {
            Walk(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Walk(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Walk(item);
                break;
        }
    }
}
