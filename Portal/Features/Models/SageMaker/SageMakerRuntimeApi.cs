using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Composition.AwsSigV4;
using Portal.Composition.RateLimits;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Serving;
using Portal.Engine.Models;

namespace Portal.Features.Models.SageMaker;

/// <summary>
/// <c>POST /aws/sagemaker/endpoints/{name}/invocations</c>: SageMaker runtime's InvokeEndpoint, so boto3's
/// <c>sagemaker-runtime</c> client and <c>aws sagemaker-runtime invoke-endpoint</c> work with only <c>endpoint_url</c>
/// pointed at <c>/aws/sagemaker</c>. Requests are SigV4-signed with an analyst's access key (service <c>sagemaker</c>).
/// The body is an image (embedded here) or a JSON list of product-photo keys (their stored embeddings); the answer is
/// the top labels with probabilities, the model version in <c>X-Amzn-Invoked-Production-Variant</c>.
/// </summary>
public static class SageMakerRuntimeApi
{
    public const string Path = "/aws/sagemaker";
    /// <summary>The account SageMaker's messages name; the portal has one.</summary>
    public const string Account = "portal";
    public const string VariantHeader = "X-Amzn-Invoked-Production-Variant";
    public const string ModelVersionHeader = "X-Portal-Model-Version";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapSageMakerRuntime(this IEndpointRouteBuilder app)
    {
        // Unsigned, wrongly signed or revoked requests never get here: the SigV4 handler answers them with AWS's errors.
        app.MapPost(Path + "/endpoints/{name}/invocations", HandleAsync).ExcludeFromDescription().DisableAntiforgery().RequireAwsSigV4("sagemaker").RequireRateLimiting(PortalRateLimits.ModelInvocations);
        return app;
    }

    private static async Task HandleAsync(string name, HttpContext http, IOptions<ModelsOptions> options, IEndpointPredictor predictor,
        KeyedEmbeddings keyed, IServiceProvider services, ILoggerFactory logs)
    {
        var ct = http.RequestAborted;
        try
        {
            var settings = options.Value;
            if (!settings.Enabled) throw SageMakerError.Unavailable("Models are switched off on this portal (Models:Enabled).");
            if (!EndpointNames.IsWellFormedForRuntime(name))
                throw SageMakerError.Validation($"1 validation error detected: Value '{(name.Length > 80 ? name[..80] + "…" : name)}' at 'endpointName' failed to satisfy constraint: "
                    + $"Member must satisfy regular expression pattern: {EndpointNames.RuntimePatternText}");
            var request = await InvocationRequest.ReadAsync(http.Request, settings.MaxInvocationBytes, settings.MaxKeysPerInvocation, ct);
            object answer;
            if (request.Image is { } image)
            {
                var prediction = await predictor.PredictAsync(name, Embed(image, services), settings.TopLabels, ct);
                SetVersionHeaders(http.Response, prediction);
                answer = new { predictions = prediction.Labels.Select(Label), model = prediction.ModelName, version = prediction.ModelVersion };
            }
            else
            {
                var results = new List<(string Key, EndpointPrediction Prediction)>();
                foreach (var key in request.Keys!)
                    results.Add((key, await predictor.PredictAsync(name, await FeaturesAsync(keyed, key, ct), settings.TopLabels, ct)));
                var last = results[^1].Prediction;
                SetVersionHeaders(http.Response, last);
                answer = new
                {
                    predictions = results.Select(r => new { key = r.Key, predictions = r.Prediction.Labels.Select(Label), version = r.Prediction.ModelVersion }),
                    model = last.ModelName,
                    version = last.ModelVersion,
                };
            }
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(JsonSerializer.Serialize(answer, Json), ct);
        }
        catch (SageMakerError e)
        {
            await e.WriteAsync(http.Response);
        }
        catch (EndpointNotFoundException)
        {
            await SageMakerError.EndpointNotFound(name).WriteAsync(http.Response);
        }
        catch (EndpointModelException e)
        {
            logs.CreateLogger(typeof(SageMakerRuntimeApi)).LogWarning(e, "Endpoint {Endpoint} failed to answer.", name);
            await SageMakerError.Model(e.Message).WriteAsync(http.Response);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logs.CreateLogger(typeof(SageMakerRuntimeApi)).LogError(e, "SageMaker-compatible invocation of {Endpoint} failed.", name);
            await SageMakerError.Internal().WriteAsync(http.Response);
        }
    }

    private static float[] Embed(byte[] image, IServiceProvider services)
    {
        var embedder = services.GetService<IImageEmbedder>()
            ?? throw SageMakerError.Unavailable("Image embeddings are not available on this instance; send object keys of product photos instead.");
        try
        {
            return embedder.Embed(image);
        }
        catch (InvalidDataException e) when (ResNetInput.IsTooLarge(e))
        {
            throw SageMakerError.Validation($"The body is too large an image for the endpoint: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw SageMakerError.Validation($"The body is not an image the endpoint can read: {e.Message}");
        }
    }

    private static async Task<float[]> FeaturesAsync(KeyedEmbeddings keyed, string key, CancellationToken ct)
    {
        try
        {
            return await keyed.FeaturesAsync(key, ct);
        }
        catch (ModelsException e)
        {
            throw SageMakerError.Validation(e.Message);
        }
    }

    private static void SetVersionHeaders(HttpResponse response, EndpointPrediction prediction)
    {
        response.Headers[VariantHeader] = prediction.ModelVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[ModelVersionHeader] = $"{prediction.ModelName}/{prediction.ModelVersion}";
    }

    private static object Label(LabelScore score) => new { label = score.Label, probability = score.Probability };
}
