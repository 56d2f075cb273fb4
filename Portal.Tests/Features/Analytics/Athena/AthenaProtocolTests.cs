using System.Text.Json;
using Portal.Engine.Analytics.Lake;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>Athena's JSON 1.1 protocol at /aws/athena over HTTP: targets, validation, error shapes, idempotency and the catalog calls.</summary>
public sealed class AthenaProtocolTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private AthenaHttp Athena() => new(app.Factory.CreateClient());

    private static readonly string[] ErrorTypes =
        ["InvalidRequestException", "MetadataException", "UnknownOperationException", "SerializationException"];

    [Fact]
    public async Task An_unknown_operation_or_a_missing_target_gets_UnknownOperationException()
    {
        var (status, body) = await Athena().SendAsync("CreateNamedQuery", "{}");
        Assert.Equal(400, status);
        Assert.Equal("UnknownOperationException", body.GetProperty("__type").GetString());

        (status, body) = await Athena().SendAsync(null, "{}");
        Assert.Equal(400, status);
        Assert.Equal("UnknownOperationException", body.GetProperty("__type").GetString());
    }

    [Theory]
    [InlineData("[]"), InlineData("\"x\""), InlineData("42"), InlineData("null"), InlineData("{"), InlineData("not json"), InlineData("{\"a\":")]
    public async Task A_body_that_is_not_a_JSON_object_gets_SerializationException(string body)
    {
        var (status, json) = await Athena().SendAsync("GetQueryExecution", body);
        Assert.Equal(400, status);
        Assert.Equal("SerializationException", json.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
    }

    public static readonly TheoryData<string, string> Members = new()
    {
        { "StartQueryExecution", "QueryString" }, { "StartQueryExecution", "ClientRequestToken" }, { "StartQueryExecution", "QueryExecutionContext" },
        { "StartQueryExecution", "ResultConfiguration" }, { "StartQueryExecution", "WorkGroup" }, { "StartQueryExecution", "ExecutionParameters" },
        { "GetQueryExecution", "QueryExecutionId" }, { "BatchGetQueryExecution", "QueryExecutionIds" },
        { "GetQueryResults", "QueryExecutionId" }, { "GetQueryResults", "NextToken" }, { "GetQueryResults", "MaxResults" }, { "GetQueryResults", "QueryResultType" },
        { "StopQueryExecution", "QueryExecutionId" }, { "ListQueryExecutions", "NextToken" }, { "ListQueryExecutions", "MaxResults" },
        { "ListQueryExecutions", "WorkGroup" }, { "ListDatabases", "CatalogName" }, { "ListDatabases", "MaxResults" },
        { "ListTableMetadata", "DatabaseName" }, { "ListTableMetadata", "Expression" }, { "ListTableMetadata", "NextToken" },
        { "GetTableMetadata", "TableName" }, { "GetTableMetadata", "CatalogName" }, { "GetDatabase", "DatabaseName" },
        { "GetWorkGroup", "WorkGroup" }, { "ListDataCatalogs", "MaxResults" }, { "GetDataCatalog", "Name" }, { "ListWorkGroups", "NextToken" },
    };

    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1", "1.5", "1e300", "-9223372036854775809", "\"\"", "\"x\"", "\"primary\"", "\"AwsDataCatalog\"",
        "\"portal\"", "\"sales\"", "\"SELECT 1\"", "\"s3://\"", "\"s3://portal-lake/../x\"", JsonSerializer.Serialize(new string('a', 300_000)),
        "\"\\u0000\\ud800\"", "[]", "[1]", "[\"a\"]", "[null]", "{}", "{\"Database\":1}", "{\"OutputLocation\":[]}", "{\"Catalog\":\"x\",\"Database\":{}}",
    ];

    [Theory]
    [MemberData(nameof(Members))]
    public async Task Every_JSON_type_in_a_member_gets_an_answer_or_an_Athena_error_never_a_500(string operation, string member)
    {
        var athena = Athena();
        var required = new Dictionary<string, string>
        {
            ["StartQueryExecution"] = "\"QueryString\":\"SELECT 1\"", ["GetQueryExecution"] = "\"QueryExecutionId\":\"x\"",
            ["GetQueryResults"] = "\"QueryExecutionId\":\"x\"", ["StopQueryExecution"] = "\"QueryExecutionId\":\"x\"",
            ["ListDatabases"] = "\"CatalogName\":\"AwsDataCatalog\"", ["ListTableMetadata"] = "\"CatalogName\":\"AwsDataCatalog\",\"DatabaseName\":\"portal\"",
            ["GetTableMetadata"] = "\"CatalogName\":\"AwsDataCatalog\",\"DatabaseName\":\"portal\",\"TableName\":\"sales\"",
            ["GetDatabase"] = "\"CatalogName\":\"AwsDataCatalog\",\"DatabaseName\":\"portal\"",
        };
        foreach (var value in Values)
        {
            var others = required.TryGetValue(operation, out var r) ? string.Join(',', r.Split(',').Where(p => !p.StartsWith($"\"{member}\"", StringComparison.Ordinal))) : "";
            var body = "{" + (others.Length > 0 ? others + "," : "") + $"\"{member}\":{value}" + "}";
            var (status, json) = await athena.SendAsync(operation, body);
            Assert.True(status is 200 or 400, $"{operation} {member}={Short(value)} answered {status}: {json}");
            if (status == 400)
            {
                Assert.Contains(json.GetProperty("__type").GetString(), ErrorTypes);
                Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()), $"{operation} {member}={Short(value)}: no message");
            }
        }
    }

    private static string Short(string value) => value.Length > 40 ? value[..40] + "..." : value;

    [Theory]
    [InlineData("GetQueryResults", "{\"QueryExecutionId\":\"x\",\"MaxResults\":0}", "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    [InlineData("GetQueryResults", "{\"QueryExecutionId\":\"x\",\"MaxResults\":1001}", "Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000")]
    [InlineData("GetQueryResults", "{\"QueryExecutionId\":\"x\",\"MaxResults\":\"10\"}", "at 'maxResults' failed to satisfy constraint: Member must be an integer")]
    [InlineData("StartQueryExecution", "{}", "Value null at 'queryString' failed to satisfy constraint: Member must not be null")]
    [InlineData("StartQueryExecution", "{\"QueryString\":\"SELECT 1\",\"ClientRequestToken\":\"short\"}", "at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32")]
    [InlineData("StartQueryExecution", "{\"QueryString\":\"SELECT 1\",\"QueryExecutionContext\":{\"Database\":5}}", "at 'queryExecutionContext.database' failed to satisfy constraint: Member must be a string")]
    [InlineData("StartQueryExecution", "{\"QueryString\":\"SELECT 1\",\"WorkGroup\":\"no spaces\"}", "Member must satisfy regular expression pattern")]
    [InlineData("StartQueryExecution", "{\"QueryString\":\"   \"}", "QueryString is empty.")]
    [InlineData("StartQueryExecution", "{\"QueryString\":\"SELECT 1\",\"WorkGroup\":\"other\"}", "WorkGroup other is not found")]
    [InlineData("StartQueryExecution", "{\"QueryString\":\"SELECT 1\",\"ResultConfiguration\":{\"OutputLocation\":\"/tmp/x\"}}", "is not a valid S3 location")]
    [InlineData("StartQueryExecution", "{\"QueryString\":\"SELECT 1\",\"QueryExecutionContext\":{\"Database\":\"shop\"}}", "Database 'shop' does not exist")]
    [InlineData("ListQueryExecutions", "{\"MaxResults\":51}", "Member must have value less than or equal to 50")]
    [InlineData("ListQueryExecutions", "{\"NextToken\":\"garbage\"}", "Invalid NextToken.")]
    [InlineData("GetQueryExecution", "{\"QueryExecutionId\":\"00000000-0000-0000-0000-000000000000\"}", "QueryExecution 00000000-0000-0000-0000-000000000000 was not found")]
    [InlineData("GetQueryExecution", "{\"QueryString\":\"SELECT 1\",\"MaxResults\":0}", "1 validation error detected: Value null at 'queryExecutionId'")]
    [InlineData("StartQueryExecution", "{\"QueryString\":\"SELECT 1\\u0000\"}", "at 'queryString' failed to satisfy constraint: Member must not contain the NUL character")]
    [InlineData("GetQueryExecution", "{\"QueryExecutionId\":\"a\\u0000b\"}", "Member must not contain the NUL character")]
    [InlineData("BatchGetQueryExecution", "{\"QueryExecutionIds\":[\"a\\u0000\"]}", "Member must not contain the NUL character")]
    [InlineData("GetQueryResults", "{\"QueryExecutionId\":\"00000000-0000-0000-0000-000000000000\"}", "QueryExecution 00000000-0000-0000-0000-000000000000 was not found")]
    [InlineData("GetQueryResults", "{\"QueryExecutionId\":\"x\",\"NextToken\":\"\"}", "at 'nextToken' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    [InlineData("StopQueryExecution", "{\"QueryExecutionId\":\"00000000-0000-0000-0000-000000000000\"}", "QueryExecution 00000000-0000-0000-0000-000000000000 was not found")]
    [InlineData("ListQueryExecutions", "{\"MaxResults\":-1}", "Value '-1' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 0")]
    [InlineData("ListQueryExecutions", "{\"MaxResults\":2147483648}", "at 'maxResults' failed to satisfy constraint: Member must be an integer")]
    public async Task Invalid_requests_get_InvalidRequestException_with_AWS_wording(string operation, string body, string message)
    {
        var (status, json) = await Athena().SendAsync(operation, body);
        Assert.Equal(400, status);
        Assert.Equal("InvalidRequestException", json.GetProperty("__type").GetString());
        Assert.Contains(message, json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_same_client_request_token_answers_the_same_execution_and_a_different_query_with_it_is_refused()
    {
        var athena = Athena();
        var token = Guid.NewGuid().ToString();
        var first = await athena.CallAsync("StartQueryExecution", new { QueryString = "SELECT 1", ClientRequestToken = token });
        var again = await athena.CallAsync("StartQueryExecution", new { QueryString = "SELECT 1", ClientRequestToken = token });
        Assert.Equal(first.GetProperty("QueryExecutionId").GetString(), again.GetProperty("QueryExecutionId").GetString());

        var (status, json) = await athena.SendAsync("StartQueryExecution", JsonSerializer.Serialize(new { QueryString = "SELECT 2", ClientRequestToken = token }));
        Assert.Equal(400, status);
        Assert.Equal("InvalidRequestException", json.GetProperty("__type").GetString());
        Assert.Equal("Idempotent parameters do not match", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_started_query_is_described_as_boto3_expects_and_listed_newest_first()
    {
        var athena = Athena();
        var id = (await athena.CallAsync("StartQueryExecution", new { QueryString = "SELECT 42 AS answer", QueryExecutionContext = new { Database = "portal" } }))
            .GetProperty("QueryExecutionId").GetString()!;
        var newer = (await athena.CallAsync("StartQueryExecution", new { QueryString = "SELECT 43" })).GetProperty("QueryExecutionId").GetString()!;

        var execution = (await athena.CallAsync("GetQueryExecution", new { QueryExecutionId = id })).GetProperty("QueryExecution");
        Assert.Equal(id, execution.GetProperty("QueryExecutionId").GetString());
        Assert.Equal("SELECT 42 AS answer", execution.GetProperty("Query").GetString());
        Assert.Equal("DML", execution.GetProperty("StatementType").GetString());
        Assert.Equal("primary", execution.GetProperty("WorkGroup").GetString());
        Assert.Equal("portal", execution.GetProperty("QueryExecutionContext").GetProperty("Database").GetString());
        Assert.Equal($"s3://portal-lake/athena-results/{id}.csv", execution.GetProperty("ResultConfiguration").GetProperty("OutputLocation").GetString());
        Assert.Contains(execution.GetProperty("Status").GetProperty("State").GetString(), new[] { "QUEUED", "RUNNING", "SUCCEEDED", "FAILED" });
        var submitted = execution.GetProperty("Status").GetProperty("SubmissionDateTime");
        Assert.Equal(JsonValueKind.Number, submitted.ValueKind);
        Assert.InRange(submitted.GetDouble(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.True(execution.GetProperty("Statistics").TryGetProperty("DataScannedInBytes", out _));

        var listed = (await athena.CallAsync("ListQueryExecutions", new { MaxResults = 50 })).GetProperty("QueryExecutionIds").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.True(listed.IndexOf(newer) < listed.IndexOf(id) && listed.IndexOf(newer) >= 0);

        var batch = await athena.CallAsync("BatchGetQueryExecution", new { QueryExecutionIds = new[] { id, "nope" } });
        Assert.Equal(id, batch.GetProperty("QueryExecutions")[0].GetProperty("QueryExecutionId").GetString());
        Assert.Equal("nope", batch.GetProperty("UnprocessedQueryExecutionIds")[0].GetProperty("QueryExecutionId").GetString());
    }

    [Fact]
    public async Task The_catalog_calls_describe_the_lake_tables_with_their_types_and_partition_keys()
    {
        var athena = Athena();
        var catalogs = await athena.CallAsync("ListDataCatalogs", new { });
        Assert.Equal("AwsDataCatalog", catalogs.GetProperty("DataCatalogsSummary")[0].GetProperty("CatalogName").GetString());
        var databases = await athena.CallAsync("ListDatabases", new { CatalogName = "AwsDataCatalog" });
        Assert.Equal("portal", databases.GetProperty("DatabaseList")[0].GetProperty("Name").GetString());

        var tables = (await athena.CallAsync("ListTableMetadata", new { CatalogName = "AwsDataCatalog", DatabaseName = "portal" })).GetProperty("TableMetadataList");
        Assert.Equal(LakeTables.All.Select(t => t.Name), tables.EnumerateArray().Select(t => t.GetProperty("Name").GetString()));
        var paged = await athena.CallAsync("ListTableMetadata", new { CatalogName = "AwsDataCatalog", DatabaseName = "portal", MaxResults = 2 });
        Assert.Equal(2, paged.GetProperty("TableMetadataList").GetArrayLength());
        Assert.True(paged.TryGetProperty("NextToken", out _));
        var filtered = await athena.CallAsync("ListTableMetadata", new { CatalogName = "AwsDataCatalog", DatabaseName = "portal", Expression = "s*" });
        Assert.Equal(["sales"], filtered.GetProperty("TableMetadataList").EnumerateArray().Select(t => t.GetProperty("Name").GetString()));

        var sales = (await athena.CallAsync("GetTableMetadata", new { CatalogName = "AwsDataCatalog", DatabaseName = "portal", TableName = "sales" })).GetProperty("TableMetadata");
        var columns = sales.GetProperty("Columns").EnumerateArray().ToDictionary(c => c.GetProperty("Name").GetString()!, c => c.GetProperty("Type").GetString());
        Assert.Equal("decimal(12,2)", columns["line_total"]);
        Assert.Equal("timestamp", columns["placed_at"]);
        Assert.Equal("bigint", columns["order_id"]);
        Assert.Equal("month", sales.GetProperty("PartitionKeys")[0].GetProperty("Name").GetString());
        var catalog = (await athena.CallAsync("GetTableMetadata", new { CatalogName = "AwsDataCatalog", DatabaseName = "portal", TableName = "catalog" })).GetProperty("TableMetadata");
        Assert.Equal(0, catalog.GetProperty("PartitionKeys").GetArrayLength());

        var (status, missing) = await athena.SendAsync("GetTableMetadata", "{\"CatalogName\":\"AwsDataCatalog\",\"DatabaseName\":\"portal\",\"TableName\":\"customers\"}");
        Assert.Equal(400, status);
        Assert.Equal("MetadataException", missing.GetProperty("__type").GetString());
        (status, missing) = await athena.SendAsync("ListTableMetadata", "{\"CatalogName\":\"AwsDataCatalog\",\"DatabaseName\":\"shop\"}");
        Assert.Equal(400, status);
        Assert.Equal("MetadataException", missing.GetProperty("__type").GetString());
    }

    [Theory]
    [InlineData(AthenaRequestLimit + 1, 400, "InvalidRequestException")]
    [InlineData(16 * 1024 * 1024 + 1, 413, "RequestEntityTooLargeException")]
    public async Task A_huge_body_gets_an_AWS_error_not_a_500(int bytes, int status, string type)
    {
        var body = "{\"QueryString\":\"" + new string('x', bytes - 18) + "\"}";
        Assert.Equal(bytes, body.Length);

        var (code, json) = await Athena().SendAsync("StartQueryExecution", body);

        Assert.Equal(status, code);
        Assert.Equal(type, json.GetProperty("__type").GetString());
        Assert.Contains("The request body is larger than", json.GetProperty("message").GetString());
    }

    private const int AthenaRequestLimit = Portal.Features.Analytics.Athena.AthenaRequest.MaxBodyBytes;

    [Theory]
    [InlineData("GET"), InlineData("PUT"), InlineData("DELETE"), InlineData("PATCH")]
    public async Task Another_method_than_POST_gets_Athenas_error_shape(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/aws/athena");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonAthena.ListWorkGroups");
        using var response = await app.Factory.CreateClient().SendAsync(request);

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("UnknownOperationException", json.GetProperty("__type").GetString());
        Assert.Contains("send POST /aws/athena", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_path_with_a_trailing_slash_is_the_same_endpoint()
    {
        var (status, json) = await Athena().SendAsync("ListWorkGroups", "{}", path: "/aws/athena/");
        Assert.Equal(200, status);
        Assert.Equal("primary", json.GetProperty("WorkGroups")[0].GetProperty("Name").GetString());
    }
}
