using Microsoft.Extensions.Options;

namespace Portal.Engine.Storage;

/// <summary>Settings under <c>ObjectStore</c>: where customers' images are kept and how customers are kept apart.</summary>
public sealed class ObjectStoreOptions
{
    public const string Section = "ObjectStore";
    public const string FileSystemProvider = "FileSystem";
    public const string S3Provider = "S3";
    public const string PrefixIsolation = "Prefix";
    public const string BucketIsolation = "Bucket";

    /// <summary><c>FileSystem</c> (default, a folder under the content root) or <c>S3</c>.</summary>
    public string Provider { get; set; } = FileSystemProvider;

    /// <summary>Root folder of the FileSystem store (relative paths are under the content root).</summary>
    public string RootDirectory { get; set; } = "data/objects";

    /// <summary><c>Prefix</c> (one bucket, keys under <c>customers/{id}/</c>) or <c>Bucket</c> (a bucket per customer).</summary>
    public string Isolation { get; set; } = PrefixIsolation;

    /// <summary>The one bucket in Prefix isolation.</summary>
    public string Bucket { get; set; } = "portal-images";

    /// <summary>Bucket name per customer in Bucket isolation; <c>{id}</c> is the customer's normalised id (32 hex digits).</summary>
    public string BucketTemplate { get; set; } = "portal-customer-{id}";

    public S3Settings S3 { get; set; } = new();

    /// <summary>Archival and expiry rules (<c>ObjectStore:Lifecycle</c>), off by default.</summary>
    public ObjectLifecycleSettings Lifecycle { get; set; } = new();

    public bool IsS3 => string.Equals(Provider, S3Provider, StringComparison.OrdinalIgnoreCase);
    public bool IsBucketIsolation => string.Equals(Isolation, BucketIsolation, StringComparison.OrdinalIgnoreCase);

    public sealed class S3Settings
    {
        /// <summary>Endpoint of an S3-compatible service, e.g. <c>http://127.0.0.1:9000</c>; empty for AWS.</summary>
        public string? ServiceUrl { get; set; }

        /// <summary>AWS region (required without ServiceUrl; the signing region with it, default us-east-1).</summary>
        public string? Region { get; set; }

        /// <summary>Both or neither; without them the default AWS credential chain is used (environment, profile, instance role).</summary>
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }

        /// <summary>Address buckets as <c>host/bucket</c> instead of <c>bucket.host</c> (most S3-compatible servers need it).</summary>
        public bool ForcePathStyle { get; set; }

        /// <summary>Work around S3-compatible servers that mishandle aws-chunked uploads; off for AWS S3.</summary>
        public bool CompatibilityMode { get; set; }
    }
}

public sealed class ObjectStoreOptionsValidator : IValidateOptions<ObjectStoreOptions>
{
    /// <summary>The longest normalised customer id, used to check the bucket template.</summary>
    private static readonly string SampleId = new('f', 32);

    public ValidateOptionsResult Validate(string? name, ObjectStoreOptions options)
    {
        var failures = new List<string>();
        var p = ObjectStoreOptions.Section;
        if (!string.Equals(options.Provider, ObjectStoreOptions.FileSystemProvider, StringComparison.OrdinalIgnoreCase) && !options.IsS3)
            failures.Add($"{p}:Provider must be 'FileSystem' or 'S3', not '{options.Provider}'.");
        if (!string.Equals(options.Isolation, ObjectStoreOptions.PrefixIsolation, StringComparison.OrdinalIgnoreCase) && !options.IsBucketIsolation)
            failures.Add($"{p}:Isolation must be 'Prefix' or 'Bucket', not '{options.Isolation}'.");
        if (!options.IsS3 && string.IsNullOrWhiteSpace(options.RootDirectory))
            failures.Add($"{p}:RootDirectory must not be empty.");

        if (options.IsBucketIsolation)
        {
            var template = options.BucketTemplate ?? "";
            if (template.Split("{id}").Length != 2)
                failures.Add($"{p}:BucketTemplate must contain '{{id}}' exactly once, e.g. 'portal-customer-{{id}}'.");
            else if (BucketName.Problem(template.Replace("{id}", SampleId)) is { } problem)
                failures.Add($"{p}:BucketTemplate '{template}' does not make legal bucket names for 32-character ids: {problem}.");
        }
        else if (BucketName.Problem(options.Bucket) is { } problem)
        {
            failures.Add($"{p}:Bucket '{options.Bucket}' is not a legal bucket name: {problem}.");
        }

        if (options.IsS3)
        {
            var s3 = options.S3;
            if (!string.IsNullOrWhiteSpace(s3.ServiceUrl) &&
                !(Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
                failures.Add($"{p}:S3:ServiceUrl must be an absolute http(s) URL, not '{s3.ServiceUrl}'.");
            if (string.IsNullOrWhiteSpace(s3.ServiceUrl) && string.IsNullOrWhiteSpace(s3.Region))
                failures.Add($"{p}:S3:Region is required when {p}:S3:ServiceUrl is empty (AWS S3).");
            if (string.IsNullOrWhiteSpace(s3.AccessKey) != string.IsNullOrWhiteSpace(s3.SecretKey))
                failures.Add($"{p}:S3:AccessKey and {p}:S3:SecretKey must be set together (or neither, for the default AWS credential chain).");
            if (s3.CompatibilityMode && string.IsNullOrWhiteSpace(s3.ServiceUrl))
                failures.Add($"{p}:S3:CompatibilityMode is for S3-compatible servers and needs {p}:S3:ServiceUrl.");
        }
        failures.AddRange((options.Lifecycle ?? new ObjectLifecycleSettings()).Problems());
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
