using Portal.Engine.Analytics.Athena;

namespace Portal.Features.Analytics.Athena;

/// <summary>Where a query's results go: the endpoint's results location, or a folder below it that the request names.</summary>
public static class AthenaOutputLocation
{
    public static S3Location Resolve(string? requested, string configured)
    {
        S3Location.TryParse(configured, out var results); // validated at start-up
        if (string.IsNullOrEmpty(requested)) return results;
        if (!S3Location.TryParse(requested, out var location))
            throw AthenaError.InvalidRequest($"OutputLocation '{requested}' is not a valid S3 location: use s3://bucket/prefix/.");
        // Analysts may choose a folder for their results, but only below the endpoint's own: anywhere else in the object
        // store they could overwrite images, models or the lake's own files.
        if (!location.IsWithin(results))
            throw AthenaError.InvalidRequest(
                $"OutputLocation '{requested}' is outside this endpoint's results location {results}: results are written only there or in a folder below it, e.g. {results}my-team/.");
        return location;
    }
}
