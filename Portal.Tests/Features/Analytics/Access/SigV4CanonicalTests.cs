using Portal.Composition.AwsSigV4;

namespace Portal.Tests.Features.Analytics.Access;

/// <summary>
/// The canonical request, string to sign and signature against AWS's Signature Version 4 test suite
/// (aws-sig-v4-test-suite: AKIDEXAMPLE, 20150830T123600Z, us-east-1, service), request by request.
/// </summary>
public sealed class SigV4CanonicalTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Scope = "20150830/us-east-1/service/aws4_request";
    private const string Date = "20150830T123600Z";

    public static TheoryData<string, string, string, string> Vectors => new()
    {
        {
            "get-vanilla", "GET / HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n",
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        },
        {
            "get-vanilla-query-order-key-case", "GET /?Param2=value2&Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n",
            "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        },
        {
            "get-header-value-trim", "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1: value1\nMy-Header2: \"a   b   c\"\nX-Amz-Date:20150830T123600Z\n\n",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\nx-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"
        },
        {
            "get-header-key-duplicate", "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value2\nMy-Header1:value2\nMy-Header1:value1\nX-Amz-Date:20150830T123600Z\n\n",
            "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"
        },
        {
            "post-vanilla", "POST / HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n",
            "POST\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        },
        {
            "post-x-www-form-urlencoded", "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\nParam1=value1",
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        },
        {
            "post-x-www-form-urlencoded-parameters", "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded; charset=utf8\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\nParam1=value1",
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf8\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Should_match_the_AWS_test_suite(string name, string request, string expectedCanonical, string expectedSignature)
    {
        var (method, target, headers, body) = Parse(request);
        var question = target.IndexOf('?');
        var (path, query) = question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
        var signed = headers.Select(h => h.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var bodyHash = SigV4Canonical.Hex(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)));

        var canonical = SigV4Canonical.Request(method, path, query, signed, h => headers.Where(x => x.Name == h).Select(x => x.Value), bodyHash);
        Assert.Equal(expectedCanonical, canonical);
        var signature = SigV4Canonical.Signature(Secret, "20150830", "us-east-1", "service", SigV4Canonical.StringToSign(Date, Scope, canonical));
        Assert.True(expectedSignature == signature, $"{name}: {signature}");
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("//example//", "/example/")] // get-slashes
    [InlineData("/./", "/")] // get-slash-dot-slash
    [InlineData("/example/..", "/")] // get-relative
    [InlineData("/example1/example2/../..", "/")] // get-relative-relative
    [InlineData("/example space/", "/example%20space/")] // get-space
    [InlineData("/ሴ", "/%E1%88%B4")] // get-utf8
    [InlineData("/aws/athena", "/aws/athena")]
    [InlineData("/aws/sagemaker/endpoints/my%20model/invocations", "/aws/sagemaker/endpoints/my%2520model/invocations")] // encoded twice, as botocore signs
    public void Should_normalize_and_encode_paths_as_the_suite_and_botocore_do(string path, string canonical) =>
        Assert.Equal(canonical, SigV4Canonical.Path(path));

    [Theory]
    [InlineData("Param1=value2&Param1=Value1", "Param1=Value1&Param1=value2")] // get-vanilla-query-order-value
    [InlineData("-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")] // get-vanilla-query-unreserved
    [InlineData("ሴ=bar", "%E1%88%B4=bar")] // get-vanilla-utf8-query
    [InlineData("a=b%20c&flag", "a=b%20c&flag=")]
    public void Should_build_the_canonical_query(string query, string canonical) => Assert.Equal(canonical, SigV4Canonical.Query(query));

    private static (string Method, string Target, List<(string Name, string Value)> Headers, string Body) Parse(string request)
    {
        var split = request.IndexOf("\n\n", StringComparison.Ordinal);
        var lines = request[..split].Split('\n');
        var body = request[(split + 2)..];
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => (Name: l[..l.IndexOf(':')].ToLowerInvariant(), Value: l[(l.IndexOf(':') + 1)..])).ToList();
        return (requestLine[0], requestLine[1], headers, body);
    }
}
