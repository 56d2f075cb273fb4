using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Analytics.Athena;

/// <summary>
/// Amazon Athena's JSON 1.1 API over HttpClient (AWSSDK.Athena is not available here): each call is a POST of JSON
/// with <c>X-Amz-Target: AmazonAthena.&lt;Operation&gt;</c>, signed with SigV4 by AWSSDK.Core's
/// <see cref="SigV4SigningHandler"/>. Errors come back as AWS's shape (<c>__type</c>, <c>message</c>) and are thrown
/// as <see cref="AthenaServiceException"/>.
/// </summary>
public sealed class AthenaClient : IDisposable
{
    private const string ContentType = "application/x-amz-json-1.1";
    private readonly HttpClient http;
    private readonly Uri endpoint;

    public AthenaClient(IOptions<AthenaOptions> options) : this(options.Value, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
    }

    public AthenaClient(AthenaOptions options, HttpMessageHandler transport)
    {
        endpoint = options.Endpoint;
        var signing = new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(options.AccessKeyId, options.SecretAccessKey),
            Region = RegionEndpoint.GetBySystemName(options.SigningRegion),
            Service = "athena",
            SignPayload = true,
        };
        http = new HttpClient(new SigV4SigningHandler(signing, transport)) { Timeout = TimeSpan.FromSeconds(100) };
    }

    public async Task<string> StartQueryExecutionAsync(string sql, string clientRequestToken, AthenaOptions options, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["QueryString"] = sql,
            ["ClientRequestToken"] = clientRequestToken,
            ["WorkGroup"] = options.WorkGroup,
            ["QueryExecutionContext"] = new JsonObject { ["Database"] = options.Database, ["Catalog"] = options.Catalog },
        };
        if (!string.IsNullOrWhiteSpace(options.OutputLocation))
            request["ResultConfiguration"] = new JsonObject { ["OutputLocation"] = options.OutputLocation };
        var response = await CallAsync("StartQueryExecution", request, cancellationToken);
        return response["QueryExecutionId"]?.GetValue<string>() ?? throw new AthenaServiceException("InvalidResponse", "StartQueryExecution returned no QueryExecutionId.", 0);
    }

    /// <summary>The <c>QueryExecution</c> object (Status.State, Status.StateChangeReason, Status.AthenaError, Statistics...).</summary>
    public async Task<JsonObject> GetQueryExecutionAsync(string id, CancellationToken cancellationToken) =>
        (await CallAsync("GetQueryExecution", new JsonObject { ["QueryExecutionId"] = id }, cancellationToken))["QueryExecution"] as JsonObject
        ?? throw new AthenaServiceException("InvalidResponse", "GetQueryExecution returned no QueryExecution.", 0);

    /// <summary>One page: <c>ResultSet</c> (rows, and <c>ResultSetMetadata.ColumnInfo</c>) and <c>NextToken</c>.</summary>
    public Task<JsonObject> GetQueryResultsAsync(string id, string? nextToken, int maxResults, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["QueryExecutionId"] = id, ["MaxResults"] = maxResults };
        if (nextToken is not null) request["NextToken"] = nextToken;
        return CallAsync("GetQueryResults", request, cancellationToken);
    }

    public Task StopQueryExecutionAsync(string id, CancellationToken cancellationToken) =>
        CallAsync("StopQueryExecution", new JsonObject { ["QueryExecutionId"] = id }, cancellationToken);

    public Task<JsonObject> ListTableMetadataAsync(string catalog, string database, string? nextToken, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["CatalogName"] = catalog, ["DatabaseName"] = database, ["MaxResults"] = 50 };
        if (nextToken is not null) request["NextToken"] = nextToken;
        return CallAsync("ListTableMetadata", request, cancellationToken);
    }

    public async Task<JsonObject> CallAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToJsonString())),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonAthena." + operation);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new AthenaServiceException("ServiceUnavailable", $"Athena at {endpoint} could not be reached: {ex.Message}", 0, ex);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? json = null;
            try { json = string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text); }
            catch (JsonException) { }
            if (response.IsSuccessStatusCode && json is JsonObject ok) return ok;
            throw AthenaServiceException.From((int)response.StatusCode, json as JsonObject, text);
        }
    }

    public void Dispose() => http.Dispose();
}

/// <summary>An error Athena answered with: its <c>__type</c> (without the namespace) and message.</summary>
public sealed class AthenaServiceException(string type, string message, int statusCode, Exception? inner = null) : Exception(message, inner)
{
    public string Type { get; } = type;
    public int StatusCode { get; } = statusCode;

    public static AthenaServiceException From(int status, JsonObject? body, string text)
    {
        var type = body?["__type"]?.GetValue<string>() ?? (status >= 500 ? "InternalServerException" : "UnknownError");
        type = type[(type.LastIndexOf('#') + 1)..];
        var message = (body?["message"] ?? body?["Message"])?.GetValue<string>()
            ?? (string.IsNullOrWhiteSpace(text) ? $"HTTP {status}" : text[..Math.Min(text.Length, 500)]);
        return new AthenaServiceException(type, message, status);
    }
}
