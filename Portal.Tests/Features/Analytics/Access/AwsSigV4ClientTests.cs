using System.Net;
using System.Text.Json;
using Portal.Engine.Identity;

namespace Portal.Tests.Features.Analytics.Access;

/// <summary>
/// SigV4 verification against the real AWS clients (boto3 and the AWS CLI) on a loopback port: signed requests from an
/// analyst's key get through as that analyst; wrong secrets, unknown or revoked keys, session tokens, other services,
/// stale clocks and unsigned or malformed requests are refused with AWS's error types.
/// </summary>
public sealed class AwsSigV4ClientTests(SigV4TestHost host) : IClassFixture<SigV4TestHost>
{
    private const string ListDatabases = """
        import boto3, json, os
        from botocore.config import Config
        from botocore.exceptions import ClientError
        client = boto3.client(os.environ.get('SERVICE', 'athena'), endpoint_url=os.environ['PORTAL_URL'], config=Config(retries={'max_attempts': 1}))
        try:
            if os.environ.get('SERVICE') == 'sagemaker-runtime':
                client.invoke_endpoint(EndpointName='cats', Body=b'{}', ContentType='application/json')
                print(json.dumps({'ok': []}))
            else:
                print(json.dumps({'ok': client.list_databases(CatalogName='AwsDataCatalog')['DatabaseList']}))
        except ClientError as e:
            print(json.dumps({'error': e.response['Error']['Code'], 'message': e.response['Error']['Message'],
                              'status': e.response['ResponseMetadata']['HTTPStatusCode']}))
        """;

    private string AthenaUrl => host.BaseUrl + "/aws/athena";

    [SkippableFact]
    public async Task Should_let_boto3_in_as_the_analyst_with_their_roles()
    {
        var (email, key) = await host.UserWithKeyAsync(Roles.Analyst);
        var result = await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey);
        var databases = result.GetProperty("ok");
        Assert.Equal(email, databases[0].GetProperty("Name").GetString());
        Assert.Equal("AmazonAthena.ListDatabases", databases[0].GetProperty("Description").GetString());
        Assert.Equal(Roles.Analyst, databases[1].GetProperty("Description").GetString());
        // The endpoint still reads the body the verifier hashed.
        Assert.Contains("AwsDataCatalog", databases[2].GetProperty("Description").GetString());
    }

    [SkippableFact]
    public async Task Should_let_the_AWS_CLI_in()
    {
        var (email, key) = await host.UserWithKeyAsync(Roles.Admin);
        var run = await AwsClients.CliAsync(key.Key.AccessKeyId, key.SecretAccessKey,
            "athena", "list-databases", "--catalog-name", "AwsDataCatalog", "--endpoint-url", AthenaUrl, "--output", "json");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(email, run.Output);
    }

    [SkippableFact]
    public async Task Should_refuse_a_wrong_secret_as_AWS_does()
    {
        var (_, key) = await host.UserWithKeyAsync(Roles.Analyst);
        var result = await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey + "x");
        AssertError(result, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
    }

    [SkippableFact]
    public async Task Should_refuse_unknown_and_revoked_keys_as_unrecognized()
    {
        var unknown = await Boto3Async("AKIAUNKNOWNKEY000000", "some-secret-that-is-long-enough");
        AssertError(unknown, "UnrecognizedClientException", "The security token included in the request is invalid.");

        var (_, key) = await host.UserWithKeyAsync(Roles.Analyst);
        AssertOk(await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey));
        await host.RevokeAsync(key);
        AssertError(await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey), "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    [SkippableFact]
    public async Task Should_refuse_session_tokens_the_portal_never_issued()
    {
        var (_, key) = await host.UserWithKeyAsync(Roles.Analyst);
        AssertError(await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey, ("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLE")), "UnrecognizedClientException", "security token");
    }

    [SkippableFact]
    public async Task Should_refuse_a_credential_scoped_to_another_service()
    {
        var (_, key) = await host.UserWithKeyAsync(Roles.Analyst);
        // sagemaker-runtime signs for 'sagemaker' and posts to /aws/athena/endpoints/cats/invocations.
        var result = await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey, ("SERVICE", "sagemaker-runtime"));
        AssertError(result, "InvalidSignatureException", "Credential should be scoped to correct service: 'athena'.");
    }

    [SkippableFact]
    public async Task Should_refuse_signatures_more_than_15_minutes_off()
    {
        var (_, key) = await host.UserWithKeyAsync(Roles.Analyst);
        try
        {
            host.Clock.Offset = TimeSpan.FromMinutes(16);
            var late = await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey);
            AssertError(late, "InvalidSignatureException", "Signature expired: ");
            Assert.Matches(@"is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)", late.GetProperty("message").GetString());

            host.Clock.Offset = TimeSpan.FromMinutes(-16);
            AssertError(await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey), "InvalidSignatureException", "Signature not yet current: ");

            host.Clock.Offset = TimeSpan.FromMinutes(14);
            AssertOk(await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey));
        }
        finally { host.Clock.Offset = TimeSpan.Zero; }
    }

    [SkippableFact]
    public async Task Should_refuse_a_user_without_the_analyst_role()
    {
        var (email, key) = await host.UserWithKeyAsync(Roles.Customer);
        var result = await Boto3Async(key.Key.AccessKeyId, key.SecretAccessKey);
        AssertError(result, "AccessDeniedException", $"User: {email} is not authorized to perform: athena:ListDatabases");
    }

    [Fact]
    public async Task Should_answer_an_unsigned_request_with_MissingAuthenticationToken()
    {
        using var client = new HttpClient();
        var response = await client.PostAsync(AthenaUrl, new StringContent("{}"));
        await AssertAwsErrorAsync(response, HttpStatusCode.BadRequest, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
    }

    [Theory]
    [InlineData("Bearer abc", "Unsupported AWS 'algorithm': 'Bearer'")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=" + Hex64, "Authorization header requires 'Credential' parameter.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAPORTALDEMO0000001/20261204/us-east-1/athena/aws4_request, SignedHeaders=host;x-amz-date", "Authorization header requires 'Signature' parameter.")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAPORTALDEMO0000001/us-east-1/athena, SignedHeaders=host;x-amz-date, Signature=" + Hex64, "Credential should be scoped to a valid region")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKIAPORTALDEMO0000001/20261204/us-east-1/athena/aws4_request, SignedHeaders=host;x-amz-date, Signature=zz", "Signature must be 64 hexadecimal digits.")]
    public async Task Should_answer_a_malformed_authorization_with_IncompleteSignature(string authorization, string message)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, AthenaUrl) { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        request.Headers.Add("X-Amz-Date", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'"));
        var response = await client.SendAsync(request);
        await AssertAwsErrorAsync(response, HttpStatusCode.BadRequest, "IncompleteSignatureException", message);
    }

    [Fact]
    public async Task Should_refuse_a_signature_without_a_date()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, AthenaUrl) { Content = new StringContent("{}") };
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIAPORTALDEMO0000001/20261204/us-east-1/athena/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + Hex64);
        var response = await client.SendAsync(request);
        await AssertAwsErrorAsync(response, HttpStatusCode.BadRequest, "IncompleteSignatureException", "'X-Amz-Date' or a 'Date' header");
    }

    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private async Task<JsonElement> Boto3Async(string id, string secret, params (string, string)[] environment)
    {
        var run = await AwsClients.PythonAsync(ListDatabases, id, secret, [("PORTAL_URL", AthenaUrl), .. environment]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(run.Output.Length > 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    private static void AssertOk(JsonElement result) => Assert.True(result.TryGetProperty("ok", out _), result.ToString());

    private static void AssertError(JsonElement result, string code, string message)
    {
        Assert.True(result.TryGetProperty("error", out var error), result.ToString());
        Assert.Equal(code, error.GetString());
        Assert.Contains(message, result.GetProperty("message").GetString());
        Assert.Equal(400, result.GetProperty("status").GetInt32());
    }

    private static async Task AssertAwsErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(type, response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(type, body.GetProperty("__type").GetString());
        Assert.Contains(message, body.GetProperty("message").GetString());
    }
}
