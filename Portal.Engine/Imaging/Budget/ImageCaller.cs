namespace Portal.Engine.Imaging.Budget;

/// <summary>
/// Who an image is processed for; each class has its own slots, queue and cost limit (<see cref="ImageWorkBudget"/>), so
/// one class's load never makes another wait.
/// </summary>
public enum ImageCaller
{
    /// <summary>The portal's own work: the worker's renditions and analysis, renditions of URLs the portal made (signed, or its catalog sizes).</summary>
    Internal,

    /// <summary>A signed-in user: their images, the editor's previews and saves, their uploads.</summary>
    SignedIn,

    /// <summary>Anyone else: <c>/catalog-img</c> without signing in, with edits the portal's pages never ask for.</summary>
    Anonymous,
}

internal static class ImageCallers
{
    /// <summary>The class in a sentence: "internal", "signed-in", "anonymous".</summary>
    public static string Describe(this ImageCaller caller) => caller switch
    {
        ImageCaller.SignedIn => "signed-in",
        _ => caller.ToString().ToLowerInvariant(),
    };
}
