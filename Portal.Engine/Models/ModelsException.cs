namespace Portal.Engine.Models;

/// <summary>A request the models feature refuses, with a message fit for the user and the field it is about (HTTP: 400, UI: at the field).</summary>
public sealed class ModelsException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
