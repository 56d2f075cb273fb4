using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>
/// Raw Athena JSON 1.1 requests, SigV4-signed the way boto3 signs them (the real clients are tested separately), so
/// protocol tests can send bodies no SDK would.
/// </summary>
public sealed class AthenaHttp(HttpClient client, string accessKeyId = AthenaHttp.DemoKeyId, string secret = AthenaHttp.DemoSecret)
{
    public const string DemoKeyId = "AKIAPORTALDEMO0000001";
    public const string DemoSecret = "portal-demo-analyst-secret";
    public const string Region = "us-east-1";

    public async Task<(int Status, JsonElement Body)> SendAsync(string? operation, string body, DateTime? signedAt = null, bool sign = true, string path = "/aws/athena")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        if (operation is not null) request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonAthena." + operation);
        if (sign) Sign(request, body, operation, signedAt ?? DateTime.UtcNow, client.BaseAddress!, path);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json);
    }

    public async Task<JsonElement> CallAsync(string operation, object body)
    {
        var (status, json) = await SendAsync(operation, JsonSerializer.Serialize(body));
        Assert.True(status == 200, $"{operation} answered {status}: {json}");
        return json;
    }

    private void Sign(HttpRequestMessage request, string body, string? operation, DateTime at, Uri baseAddress, string path)
    {
        var amzDate = at.ToString("yyyyMMdd'T'HHmmss'Z'");
        var day = at.ToString("yyyyMMdd");
        var host = baseAddress.IsDefaultPort ? baseAddress.Host : $"{baseAddress.Host}:{baseAddress.Port}";
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-amz-json-1.1", ["host"] = host, ["x-amz-date"] = amzDate,
        };
        if (operation is not null) headers["x-amz-target"] = "AmazonAthena." + operation;
        var signed = string.Join(';', headers.Keys);
        var canonical = $"POST\n{path}\n\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signed}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
        var scope = $"{day}/{Region}/athena/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), day), Region), "athena"), "aws4_request");
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={signed}, Signature={Hex(Hmac(key, toSign))}");
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
