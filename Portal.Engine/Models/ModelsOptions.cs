using Microsoft.Extensions.Options;

namespace Portal.Engine.Models;

/// <summary>Settings under <c>Models</c>: embeddings, training, serving and the demo endpoint.</summary>
public sealed class ModelsOptions
{
    public const string Section = "Models";

    /// <summary>Embeddings by the worker, training and serving. Off: none of it runs (the pages say so).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The object-store bucket of embeddings, datasets and model artifacts.</summary>
    public string Bucket { get; set; } = "portal-models";

    /// <summary>OnnxRuntime's intra-op threads per embedding (1 keeps the worker from taking every core).</summary>
    public int EmbeddingThreads { get; set; } = 1;

    /// <summary>Embed, at start-up, every image and product photo that has no vector yet (in the background).</summary>
    public bool BackfillAtStartup { get; set; } = true;

    /// <summary>The endpoint a demo model is trained for and deployed to at start-up when none is deployed yet (demo mode only).</summary>
    public string DemoEndpoint { get; set; } = "product-category";

    /// <summary>Train and deploy the demo model at start-up in demo mode.</summary>
    public bool DeployDemoAtStartup { get; set; } = true;

    /// <summary>The endpoint whose labels become customers' images' auto-tags and Sales' suggested category; empty turns both off.</summary>
    public string TagEndpoint { get; set; } = "product-category";

    /// <summary>Labels at or above this probability become tags (the best one always does).</summary>
    public double TagMinProbability { get; set; } = 0.25;

    /// <summary>How often each instance looks for a new revision of the tag endpoint (a new version or a rollback) to re-tag every image.</summary>
    public TimeSpan RetagPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Images re-tagged per batch (one query for their embeddings, one transaction per image).</summary>
    public int RetagBatchSize { get; set; } = 100;

    /// <summary>Top labels an invocation answers.</summary>
    public int TopLabels { get; set; } = 5;

    /// <summary>Largest invocation body (SageMaker's own limit is 6 MB).</summary>
    public long MaxInvocationBytes { get; set; } = 6 * 1024 * 1024;

    /// <summary>Most object keys in one JSON invocation.</summary>
    public int MaxKeysPerInvocation { get; set; } = 16;

    /// <summary>How long a training runner's claim on a job lasts without a heartbeat before another instance may take it over.</summary>
    public TimeSpan TrainingLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle training runner looks for queued jobs.</summary>
    public TimeSpan TrainingPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed class ModelsOptionsValidator : IValidateOptions<ModelsOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelsOptions o)
    {
        var errors = new List<string>();
        var s = ModelsOptions.Section;
        if (Storage.BucketName.Problem(o.Bucket) is { } problem)
            errors.Add($"{s}:Bucket '{o.Bucket}' is not a bucket name: {problem}.");
        if (o.EmbeddingThreads is < 1 or > 64)
            errors.Add($"{s}:EmbeddingThreads must be between 1 and 64, not {o.EmbeddingThreads}.");
        if (!EndpointNames.IsValid(o.DemoEndpoint))
            errors.Add($"{s}:DemoEndpoint '{o.DemoEndpoint}' is not an endpoint name: {EndpointNames.Rule}.");
        if (!string.IsNullOrEmpty(o.TagEndpoint) && !EndpointNames.IsValid(o.TagEndpoint))
            errors.Add($"{s}:TagEndpoint '{o.TagEndpoint}' is not an endpoint name: {EndpointNames.Rule}.");
        if (o.TagMinProbability is < 0 or > 1)
            errors.Add($"{s}:TagMinProbability must be between 0 and 1, not {o.TagMinProbability}.");
        if (o.RetagPollInterval < TimeSpan.FromMilliseconds(100))
            errors.Add($"{s}:RetagPollInterval must be at least 00:00:00.1, not {o.RetagPollInterval}.");
        if (o.RetagBatchSize is < 1 or > 10_000)
            errors.Add($"{s}:RetagBatchSize must be between 1 and 10000, not {o.RetagBatchSize}.");
        if (o.TopLabels is < 1 or > 100)
            errors.Add($"{s}:TopLabels must be between 1 and 100, not {o.TopLabels}.");
        if (o.MaxInvocationBytes is < 1024 or > 100L * 1024 * 1024)
            errors.Add($"{s}:MaxInvocationBytes must be between 1024 and 104857600, not {o.MaxInvocationBytes}.");
        if (o.MaxKeysPerInvocation is < 1 or > 1000)
            errors.Add($"{s}:MaxKeysPerInvocation must be between 1 and 1000, not {o.MaxKeysPerInvocation}.");
        if (o.TrainingLease < TimeSpan.FromSeconds(1))
            errors.Add($"{s}:TrainingLease must be at least 00:00:01, not {o.TrainingLease}.");
        if (o.TrainingPollInterval <= TimeSpan.Zero)
            errors.Add($"{s}:TrainingPollInterval must be more than 0, not {o.TrainingPollInterval}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>SageMaker's rules for model and endpoint names.</summary>
public static partial class EndpointNames
{
    public const string Rule = "1-63 letters, digits and '-', starting with a letter or digit, no '--'";

    [System.Text.RegularExpressions.GeneratedRegex("^[a-zA-Z0-9](-?[a-zA-Z0-9]){0,62}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>
    /// The looser pattern SageMaker runtime checks an invoked endpoint's name against (it allows '--'); a name that passes
    /// it but that no endpoint has is "not found", as SageMaker answers.
    /// </summary>
    public const string RuntimePatternText = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    [System.Text.RegularExpressions.GeneratedRegex(RuntimePatternText + "$")]
    private static partial System.Text.RegularExpressions.Regex RuntimePattern();

    public static bool IsWellFormedForRuntime(string? name) => name is not null && RuntimePattern().IsMatch(name);
}
