using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Portal.Tests.Infrastructure;

public static class Problems
{
    /// <summary>Asserts the response is <paramref name="status"/> with an application/problem+json body, and returns the body.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
