using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Storage;

public static class ObjectStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IObjectStore"/> on the provider <c>ObjectStore:Provider</c> names and
    /// <see cref="CustomerImageSpaces"/>. A wrong setting throws here, naming it.
    /// </summary>
    public static IServiceCollection AddObjectStore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(ObjectStoreOptions.Section);
        services.AddSingleton<IValidateOptions<ObjectStoreOptions>, ObjectStoreOptionsValidator>();
        services.AddOptions<ObjectStoreOptions>().Bind(section).ValidateOnStart();

        var options = section.Get<ObjectStoreOptions>() ?? new ObjectStoreOptions();
        var result = new ObjectStoreOptionsValidator().Validate(null, options);
        if (result.Failed) throw new OptionsValidationException(ObjectStoreOptions.Section, typeof(ObjectStoreOptions), result.Failures);

        // The lifecycle classifier is registered by the archival feature when a rule is on (AddArchival).
        if (options.IsS3)
            services.AddSingleton<IObjectStore>(sp => new S3ObjectStore(CreateS3Client(options.S3), sp.GetService<IObjectLifecycleClassifier>(),
                options.Lifecycle, tagAfterPut: options.S3.CompatibilityMode));
        else
        {
            services.AddSingleton(sp => new FileSystemObjectStore(Path.GetFullPath(options.RootDirectory, contentRoot),
                sp.GetService<TimeProvider>() ?? TimeProvider.System, options.Lifecycle.FolderRestoreDelay));
            services.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<FileSystemObjectStore>());
        }
        services.AddSingleton<CustomerImageSpaces>();
        return services;
    }

    /// <summary>An S3 client for these settings (also used by tests and tools).</summary>
    public static IAmazonS3 CreateS3Client(ObjectStoreOptions.S3Settings s3)
    {
        var config = new AmazonS3Config { ForcePathStyle = s3.ForcePathStyle };
        if (!string.IsNullOrWhiteSpace(s3.ServiceUrl))
        {
            config.ServiceURL = s3.ServiceUrl;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(s3.Region) ? "us-east-1" : s3.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(s3.Region);
        }
        AWSCredentials? credentials = string.IsNullOrWhiteSpace(s3.AccessKey) ? null : new BasicAWSCredentials(s3.AccessKey, s3.SecretKey);
        return (s3.CompatibilityMode, credentials) switch
        {
            (true, null) => new S3CompatibleClient(config),
            (true, _) => new S3CompatibleClient(credentials, config),
            (false, null) => new AmazonS3Client(config),
            (false, _) => new AmazonS3Client(credentials, config),
        };
    }
}
