using Microsoft.AspNetCore.Components;

namespace Portal.Features.Images.Editor;

/// <summary>A group of the image editor's controls: they change <see cref="State"/> in place and then say so.</summary>
public abstract class EditorSection : ComponentBase
{
    /// <summary>The values of all the editor's controls.</summary>
    [Parameter, EditorRequired] public ImageEditorState State { get; set; } = default!;

    /// <summary>Called after one of the section's controls changed a value.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    protected Task ChangedAsync() => OnChanged.InvokeAsync();
}
