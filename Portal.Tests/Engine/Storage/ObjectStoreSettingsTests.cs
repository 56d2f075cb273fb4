using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Storage;

/// <summary>Settings are checked at start-up, naming the wrong one; customer ids and bucket names follow strict rules.</summary>
public sealed class ObjectStoreSettingsTests
{
    [Theory]
    [InlineData("ObjectStore:Provider", "Azure", "ObjectStore:Provider")]
    [InlineData("ObjectStore:Isolation", "Folder", "ObjectStore:Isolation")]
    [InlineData("ObjectStore:Bucket", "Bad_Bucket", "ObjectStore:Bucket")]
    [InlineData("ObjectStore:RootDirectory", "", "ObjectStore:RootDirectory")]
    public void A_wrong_setting_is_refused_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Register(new() { [key] = value }));
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("portal-{id}-{id}")]
    [InlineData("portal-customer")]
    [InlineData("Portal-{id}")]
    [InlineData("a-very-long-bucket-name-prefix-for-customers-{id}")]
    public void A_bucket_template_that_cannot_make_legal_names_is_refused(string template)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Register(new()
        {
            ["ObjectStore:Isolation"] = "Bucket",
            ["ObjectStore:BucketTemplate"] = template,
        }));
        Assert.Contains("ObjectStore:BucketTemplate", error.Message);
    }

    [Theory]
    [InlineData("ObjectStore:S3:Region", "", "ObjectStore:S3:Region")]
    [InlineData("ObjectStore:S3:ServiceUrl", "ftp://storage", "ObjectStore:S3:ServiceUrl")]
    [InlineData("ObjectStore:S3:AccessKey", "AKIA-ONLY", "ObjectStore:S3:SecretKey")]
    [InlineData("ObjectStore:S3:CompatibilityMode", "true", "ObjectStore:S3:CompatibilityMode")]
    public void Wrong_S3_settings_are_refused_naming_them(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["ObjectStore:Provider"] = "S3", ["ObjectStore:S3:Region"] = "eu-west-1", [key] = value };
        var error = Assert.Throws<OptionsValidationException>(() => Register(settings));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void The_default_is_a_file_system_store_under_the_content_root()
    {
        var contentRoot = Directory.CreateTempSubdirectory("portal-root-").FullName;
        try
        {
            using var provider = Register([], contentRoot).BuildServiceProvider();
            var store = Assert.IsType<FileSystemObjectStore>(provider.GetRequiredService<IObjectStore>());
            Assert.Equal(Path.Combine(contentRoot, "data", "objects"), store.RootDirectory);
            var space = provider.GetRequiredService<CustomerImageSpaces>().For("0f8fad5b-d9cb-469f-a165-70867728950e");
            Assert.Equal(new ObjectLocation("portal-images", "customers/0f8fad5bd9cb469fa16570867728950e/a.jpg"), space.Locate("a.jpg"));
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    [Fact]
    public void S3_settings_build_a_client_for_the_configured_endpoint()
    {
        using var provider = Register(new()
        {
            ["ObjectStore:Provider"] = "S3",
            ["ObjectStore:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["ObjectStore:S3:ForcePathStyle"] = "true",
            ["ObjectStore:S3:CompatibilityMode"] = "true",
            ["ObjectStore:S3:AccessKey"] = "key",
            ["ObjectStore:S3:SecretKey"] = "secret",
        }).BuildServiceProvider();
        var store = Assert.IsType<S3ObjectStore>(provider.GetRequiredService<IObjectStore>());
        Assert.IsType<S3CompatibleClient>(store.Client);
        Assert.True(((Amazon.S3.AmazonS3Config)store.Client.Config).ForcePathStyle);
    }

    [Fact]
    public void Bucket_isolation_gives_each_customer_a_bucket_from_the_template()
    {
        var spaces = new CustomerImageSpaces(new FileSystemObjectStore(Path.GetTempPath()), Options.Create(new ObjectStoreOptions
        {
            Isolation = "Bucket",
            BucketTemplate = "portal-customer-{id}",
        }));
        var space = spaces.For("{0F8FAD5B-D9CB-469F-A165-70867728950E}");
        Assert.Equal(new ObjectLocation("portal-customer-0f8fad5bd9cb469fa16570867728950e", "a/b.png"), space.Locate("a/b.png"));
    }

    [Theory]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e", "0f8fad5bd9cb469fa16570867728950e")]
    [InlineData("customer42", "customer42")]
    public void Customer_ids_are_normalised(string id, string expected) => Assert.Equal(expected, CustomerId.Normalize(id));

    [Theory]
    [InlineData("")]
    [InlineData("Customer42")]
    [InlineData("../customers/abc")]
    [InlineData("abc/def")]
    [InlineData("abc def")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Other_customer_ids_are_refused(string id) => Assert.Throws<InvalidObjectKeyException>(() => CustomerId.Normalize(id));

    [Theory]
    [InlineData("ab", false)]
    [InlineData("portal-images", true)]
    [InlineData("portal.images.eu", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("-portal", false)]
    [InlineData("portal..images", false)]
    [InlineData("Portal", false)]
    [InlineData("xn--portal", false)]
    public void Bucket_names_follow_the_S3_rules(string name, bool legal) => Assert.Equal(legal, BucketName.Problem(name) is null);

    private static IServiceCollection Register(Dictionary<string, string?> settings, string? contentRoot = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddObjectStore(configuration, contentRoot ?? Path.GetTempPath());
    }
}
