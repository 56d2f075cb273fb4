using Portal.Engine.Models.Datasets;

namespace Portal.Features.Models.Datasets;

public static class DatasetImageEndpoints
{
    /// <summary>
    /// Customers' thumbnails for the labelling view (<see cref="ModelDatasets.CustomerThumbnailUrl"/>): <c>/img</c> serves only
    /// the signed-in user's own images, so analysts and admins get the standard thumbnail of a Ready image here - only while its
    /// owner allows training (404 otherwise). Browsers revalidate each time (ETag), so a withdrawal hides cached copies too.
    /// </summary>
    public static IEndpointRouteBuilder MapModelDatasetImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models/images/{imageId:guid}/thumbnail", async (Guid imageId, ModelDatasets datasets, HttpContext http, CancellationToken cancellationToken) =>
        {
            var stored = await datasets.OpenCustomerThumbnailAsync(imageId, cancellationToken);
            if (stored is null) return Results.Problem(detail: $"There is no Ready customer image {imageId} with a thumbnail whose owner allows training.", statusCode: StatusCodes.Status404NotFound);
            http.Response.RegisterForDisposeAsync(stored);
            http.Response.Headers.CacheControl = "private, no-cache";
            return Results.Stream(stored.Content, stored.Info.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{stored.Info.ETag}\""));
        }).RequireAuthorization(AreaPolicies.Models);
        return app;
    }
}
