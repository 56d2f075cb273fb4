using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Imaging;
using Portal.Engine.Storage;
using Portal.Tests.Architecture;

namespace Portal.Tests.Composition;

/// <summary>
/// deploy/iam/*.json, the least-privilege policies of deploy/README.md: each is a valid policy document without wildcard
/// actions or resources (a trailing <c>*</c> after a bucket, prefix or name is the only wildcard), and every S3 and Athena
/// call the code makes maps to an action the role that makes it is allowed. The calls are read from the source, so a new
/// SDK call fails here until it has a row in <see cref="S3Actions"/> and a grant.
/// </summary>
public sealed partial class IamPolicyTests
{
    private static readonly string IamFolder = Path.Combine(SourceTree.Root, "deploy", "iam");
    private static readonly string[] Roles = ["web-instance", "worker", "export-job", "analyst-client", "operator"];

    /// <summary>The AWSSDK.S3 method S3ObjectStore calls, the IAM action S3 authorises it as, and whether it acts on the bucket (or an object).</summary>
    private static readonly Dictionary<string, (string Action, bool OnBucket)> S3Actions = new()
    {
        ["HeadBucket"] = ("s3:ListBucket", true),
        ["PutBucket"] = ("s3:CreateBucket", true),
        ["DeleteBucket"] = ("s3:DeleteBucket", true),
        ["ListObjectsV2"] = ("s3:ListBucket", true),
        ["GetObject"] = ("s3:GetObject", false),
        ["GetObjectMetadata"] = ("s3:GetObject", false), // HeadObject
        ["PutObject"] = ("s3:PutObject", false),
        ["DeleteObject"] = ("s3:DeleteObject", false),
        ["DeleteObjects"] = ("s3:DeleteObject", false), // authorised per key
    };

    /// <summary>Only Bucket isolation (or a bucket missing at start-up) makes these; Prefix isolation's buckets are made by the infrastructure.</summary>
    private static readonly HashSet<string> BucketLifecycle = ["PutBucket", "DeleteBucket"];

    private static readonly string CustomerId = new('a', 32);

    public static TheoryData<string> PolicyFiles()
    {
        var files = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(IamFolder, "*.json", SearchOption.AllDirectories).Order())
            files.Add(Path.GetRelativePath(IamFolder, file));
        return files;
    }

    [Fact]
    public void There_is_one_policy_per_role()
    {
        foreach (var role in Roles) Assert.True(File.Exists(Path.Combine(IamFolder, role + ".json")), $"deploy/iam/{role}.json is missing.");
    }

    [Theory]
    [MemberData(nameof(PolicyFiles))]
    public void Each_policy_is_a_valid_document_without_wildcards(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(IamFolder, file)));
        var root = document.RootElement;
        Assert.Equal("2012-10-17", root.GetProperty("Version").GetString());
        Assert.All(root.EnumerateObject(), p => Assert.Contains(p.Name, new[] { "Version", "Id", "Statement" }));
        var statements = root.GetProperty("Statement");
        Assert.Equal(JsonValueKind.Array, statements.ValueKind);
        Assert.NotEqual(0, statements.GetArrayLength());
        var sids = new HashSet<string>();
        foreach (var statement in statements.EnumerateArray())
        {
            var sid = statement.GetProperty("Sid").GetString()!;
            Assert.Matches("^[A-Za-z0-9]+$", sid);
            Assert.True(sids.Add(sid), $"{file}: Sid {sid} twice.");
            Assert.All(statement.EnumerateObject(), p => Assert.Contains(p.Name, new[] { "Sid", "Effect", "Action", "Resource", "Condition" }));
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
            foreach (var action in Strings(statement.GetProperty("Action")))
            {
                Assert.Matches("^[a-z0-9-]+:[A-Za-z0-9]+$", action);
                Assert.DoesNotContain("*", action);
            }
            foreach (var resource in Strings(statement.GetProperty("Resource")))
            {
                Assert.StartsWith("arn:aws:", resource);
                Assert.True(IsNarrow(resource),
                    $"{file}: '{resource}' has a wildcard other than a '*' ending a bucket name stem, a prefix or a name (after '-' or '/', before '/' or the end).");
            }
        }
    }

    [Fact]
    public void The_object_store_calls_read_from_the_source_all_map_to_IAM_actions()
    {
        var calls = StoreCalls();
        Assert.NotEmpty(calls);
        Assert.All(calls, call => Assert.True(S3Actions.ContainsKey(call),
            $"S3ObjectStore calls {call}Async: add its IAM action to S3Actions and grant it in deploy/iam where the role needs it."));
    }

    [Theory]
    [InlineData("web-instance")]
    [InlineData("worker")]
    public void App_instances_may_make_every_prefix_isolation_call_in_customer_spaces_and_nowhere_else_in_the_images_bucket(string role)
    {
        var policy = Load(role + ".json");
        var photo = $"customers/{CustomerId}/products/1-{Guid.NewGuid():N}.jpg";
        foreach (var call in StoreCalls().Where(c => !BucketLifecycle.Contains(c)))
        {
            var (action, onBucket) = S3Actions[call];
            Assert.True(Allows(policy, action, S3Arn("portal-images", onBucket ? null : photo)), $"{role} cannot {call} ({action}) in a customer space.");
            Assert.True(Allows(policy, action, S3Arn("portal-images", onBucket ? null : $"customers/{CustomerId}/{RenditionCache.Prefix}x/y")),
                $"{role} cannot {call} ({action}) on a cached rendition.");
        }
        Assert.False(Allows(policy, "s3:PutObject", S3Arn("portal-images", "elsewhere/x")));
        Assert.False(Allows(policy, "s3:CreateBucket", S3Arn("portal-images", null)));
        Assert.False(Allows(policy, "s3:DeleteBucket", S3Arn("portal-images", null)));
    }

    [Fact]
    public void Bucket_isolation_may_make_every_call_in_customer_buckets_only()
    {
        var policy = Load("variants/bucket-isolation.json");
        var bucket = new ObjectStoreOptions().BucketTemplate.Replace("{id}", CustomerId);
        foreach (var call in StoreCalls())
        {
            var (action, onBucket) = S3Actions[call];
            Assert.True(Allows(policy, action, S3Arn(bucket, onBucket ? null : "photo.jpg")), $"Bucket isolation cannot {call} ({action}).");
        }
        Assert.False(Allows(policy, "s3:GetObject", S3Arn("portal-lake", "lake/_manifest.json")));
    }

    [Fact]
    public void Only_roles_that_run_the_export_write_the_lake_and_everyone_reading_it_may_list_and_read_it()
    {
        var lakeFile = LakeKeys.PartitionFile("sales", LakeKeys.Partition(new DateOnly(2026, 11, 1)), 1, 0);
        foreach (var role in new[] { "worker", "export-job" })
        {
            var policy = Load(role + ".json");
            foreach (var action in new[] { "s3:GetObject", "s3:PutObject", "s3:DeleteObject" })
                Assert.True(Allows(policy, action, S3Arn("portal-lake", lakeFile)), $"{role} cannot {action} {lakeFile}.");
            Assert.True(Allows(policy, "s3:ListBucket", S3Arn("portal-lake", null)));
        }
        foreach (var role in new[] { "web-instance", "analyst-client" })
        {
            var policy = Load(role + ".json");
            Assert.True(Allows(policy, "s3:GetObject", S3Arn("portal-lake", LakeKeys.Manifest)), $"{role} cannot read the lake.");
            Assert.False(Allows(policy, "s3:PutObject", S3Arn("portal-lake", lakeFile)), $"{role} may write the lake.");
            Assert.False(Allows(policy, "s3:DeleteObject", S3Arn("portal-lake", lakeFile)), $"{role} may delete from the lake.");
        }
        // The /aws/athena endpoint writes results under its OutputLocation (s3://portal-lake/athena-results/ by default).
        var results = new Portal.Engine.Analytics.Athena.AthenaApiOptions().OutputLocation["s3://portal-lake/".Length..];
        Assert.True(Allows(Load("web-instance.json"), "s3:PutObject", S3Arn("portal-lake", results + "id.csv")));
    }

    [Fact]
    public void The_analyst_client_may_make_every_Athena_call_the_portal_makes()
    {
        var source = File.ReadAllText(Path.Combine(SourceTree.Root, "Portal.Engine", "Analytics", "Athena", "AthenaClient.cs"));
        var operations = AthenaCall().Matches(source).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("StartQueryExecution", operations);
        var policy = Load("analyst-client.json");
        foreach (var operation in operations)
        {
            // ListTableMetadata is authorised on the data catalog; the query calls on the work group (Analytics:Athena:WorkGroup).
            var resource = operation == "ListTableMetadata"
                ? "arn:aws:athena:REGION:ACCOUNT_ID:datacatalog/AwsDataCatalog"
                : "arn:aws:athena:REGION:ACCOUNT_ID:workgroup/primary";
            Assert.True(Allows(policy, "athena:" + operation, resource), $"analyst-client cannot athena:{operation} on {resource}.");
        }
        Assert.True(Allows(policy, "glue:GetTable", "arn:aws:glue:REGION:ACCOUNT_ID:table/portal/sales"));
        Assert.False(Allows(policy, "glue:GetTable", "arn:aws:glue:REGION:ACCOUNT_ID:table/other/sales"));
    }

    /// <summary>No '?' and no '*' in the service, region or account; a '*' only as the rest of a name after '-' or '/'.</summary>
    private static bool IsNarrow(string resource)
    {
        if (resource.Contains('?') || resource.Split(':').Take(5).Any(part => part.Contains('*'))) return false;
        for (var i = resource.IndexOf('*'); i >= 0; i = resource.IndexOf('*', i + 1))
            if (resource[i - 1] is not ('/' or '-') || (i + 1 < resource.Length && resource[i + 1] != '/')) return false;
        return true;
    }

    private static List<string> StoreCalls()
    {
        var source = File.ReadAllText(Path.Combine(SourceTree.Root, "Portal.Engine", "Storage", "S3ObjectStore.cs"));
        return ClientCall().Matches(source).Select(m => m.Groups[1].Value).Distinct().ToList();
    }

    private static string S3Arn(string bucket, string? key) => key is null ? $"arn:aws:s3:::{bucket}" : $"arn:aws:s3:::{bucket}/{key}";

    private static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(IamFolder, file))).RootElement.Clone();

    /// <summary>Whether an Allow statement without conditions grants <paramref name="action"/> on <paramref name="resource"/> (IAM's '*' and '?' matching).</summary>
    private static bool Allows(JsonElement policy, string action, string resource) =>
        policy.GetProperty("Statement").EnumerateArray().Any(s =>
            s.GetProperty("Effect").GetString() == "Allow" && !s.TryGetProperty("Condition", out _)
            && Strings(s.GetProperty("Action")).Any(a => Matches(a, action))
            && Strings(s.GetProperty("Resource")).Any(r => Matches(r, resource)));

    private static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.IgnoreCase);

    private static IEnumerable<string> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!) : [element.GetString()!];

    [GeneratedRegex(@"\bclient\.(\w+)Async\(")]
    private static partial Regex ClientCall();

    [GeneratedRegex(@"CallAsync\(""(\w+)""")]
    private static partial Regex AthenaCall();
}
