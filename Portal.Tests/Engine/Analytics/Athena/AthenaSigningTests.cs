using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Portal.Tests.Engine.Analytics.Athena;

/// <summary>
/// The SigV4 signer the Athena client uses (AWSSDK.Core's) against AWS's published test vector: an independent
/// implementation of the algorithm reproduces the 'get-vanilla' signature, then agrees with the SDK's signature (which
/// also signs x-amz-content-sha256) for the same request and for an Athena JSON 1.1 POST.
/// </summary>
public sealed class AthenaSigningTests
{
    private const string KeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTime At = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    [Fact]
    public void The_reference_implementation_reproduces_the_get_vanilla_vector()
    {
        var signature = Sign("GET", "/", new SortedDictionary<string, string> { ["host"] = "example.amazonaws.com", ["x-amz-date"] = "20150830T123600Z" }, "", "service", "us-east-1");
        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", signature);
    }

    [Theory]
    [InlineData("GET", "https://example.amazonaws.com/", "", "service")]
    [InlineData("POST", "http://127.0.0.1:5123/aws/athena", """{"QueryString":"SELECT 1","WorkGroup":"primary"}""", "athena")]
    public void The_sdk_signer_agrees_with_the_reference_implementation(string method, string url, string body, string service)
    {
        var uri = new Uri(url);
        var request = new AWSSigningRequest { HttpMethod = new HttpMethod(method), RequestUri = uri, Content = Encoding.UTF8.GetBytes(body) };
        if (body.Length > 0)
        {
            request.Headers["Content-Type"] = "application/x-amz-json-1.1";
            request.Headers["X-Amz-Target"] = "AmazonAthena.StartQueryExecution";
        }
        var signed = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(KeyId, Secret), Region = RegionEndpoint.USEast1, Service = service, SignPayload = true, SignedAt = At,
        });

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : uri.Authority,
            ["x-amz-content-sha256"] = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
            ["x-amz-date"] = "20150830T123600Z",
        };
        if (body.Length > 0)
        {
            headers["content-type"] = "application/x-amz-json-1.1";
            headers["x-amz-target"] = "AmazonAthena.StartQueryExecution";
        }
        var expected = Sign(method, uri.AbsolutePath, headers, body, service, "us-east-1");
        var authorization = signed.Headers["Authorization"];
        Assert.Contains($"Credential={KeyId}/20150830/us-east-1/{service}/aws4_request", authorization);
        Assert.Contains($"SignedHeaders={string.Join(';', headers.Keys)}", authorization);
        Assert.EndsWith($"Signature={expected}", authorization);
    }

    /// <summary>SigV4 as the AWS documentation spells it out (no query string).</summary>
    private static string Sign(string method, string path, SortedDictionary<string, string> headers, string body, string service, string region)
    {
        var canonical = string.Join('\n', method, path, "",
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n")), string.Join(';', headers.Keys), Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body))));
        var scope = $"{At:yyyyMMdd}/{region}/{service}/aws4_request";
        var toSign = string.Join('\n', "AWS4-HMAC-SHA256", $"{At:yyyyMMdd'T'HHmmss'Z'}", scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = Encoding.UTF8.GetBytes("AWS4" + Secret);
        foreach (var part in new[] { $"{At:yyyyMMdd}", region, service, "aws4_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
