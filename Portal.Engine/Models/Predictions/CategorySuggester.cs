using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Catalog;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Registry;

namespace Portal.Engine.Models.Predictions;

/// <summary>
/// Sales' suggested category for a product photo: the photo is embedded (<see cref="IImageEmbedder"/>) and the tag endpoint
/// predicts its best label. The endpoint is asked each time, so a newly deployed version answers at once.
/// </summary>
public sealed class CategorySuggester(
    CatalogPhotos photos,
    IImageEmbedder embedder,
    IEndpointPredictor predictor,
    IOptions<ModelsOptions> options,
    ILogger<CategorySuggester> log)
{
    /// <summary>
    /// The model's category for the item's photo when it differs from the item's own; null when there is none to suggest
    /// (no photo, no model deployed, the photo unreadable, or the model agrees with the current category).
    /// </summary>
    public async Task<CategorySuggestion?> SuggestAsync(CatalogItem item, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.Enabled || string.IsNullOrEmpty(settings.TagEndpoint) || item.PhotoKey is null) return null;
        byte[] photo;
        await using (var stored = await photos.Objects.GetAsync(item.PhotoKey, cancellationToken))
        {
            if (stored is null) return null;
            photo = await photos.Processor.ReadLimitedAsync(stored.Content, "photo", cancellationToken);
        }
        try
        {
            var features = await Task.Run(() => embedder.Embed(photo), cancellationToken);
            var prediction = await predictor.PredictAsync(settings.TagEndpoint, features, 1, cancellationToken);
            if (prediction.Labels.Count == 0) return null;
            var best = prediction.Labels.MaxBy(l => l.Probability)!;
            if (string.Equals(best.Label, item.Category, StringComparison.OrdinalIgnoreCase)) return null;
            return new CategorySuggestion(best.Label, best.Probability, prediction.ModelName, prediction.ModelVersion);
        }
        catch (EndpointNotFoundException)
        {
            return null;
        }
        catch (Serving.EndpointModelException e)
        {
            log.LogWarning("No category suggestion for item {ItemId}: {Reason}", item.Id, e.Message);
            return null;
        }
        catch (InvalidDataException e)
        {
            log.LogInformation("The photo of item {ItemId} could not be embedded for a category suggestion: {Reason}", item.Id, e.Message);
            return null;
        }
    }
}

/// <summary>A category the model suggests, with its probability and the model version that gave it.</summary>
public sealed record CategorySuggestion(string Category, float Probability, string ModelName, int ModelVersion);
