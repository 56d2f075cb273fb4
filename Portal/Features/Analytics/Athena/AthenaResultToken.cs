using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Features.Analytics.Athena;

/// <summary>
/// GetQueryResults' NextToken: the query, the byte where the next page starts in its CSV, and the access key it was
/// issued to, encrypted and authenticated with ASP.NET Data Protection (keys shared through the database, so any
/// instance reads any instance's tokens). A client can neither read nor alter it, nor use it with another query or key.
/// </summary>
public sealed class AthenaResultToken(IDataProtectionProvider protection)
{
    public const string Purpose = "Portal.Athena.GetQueryResults.NextToken.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Format(string executionId, long offset, string accessKeyId) =>
        WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(
            string.Join('\n', executionId, offset.ToString(CultureInfo.InvariantCulture), accessKeyId))));

    /// <summary>The offset the token holds, or Athena's InvalidRequestException saying why the token is refused.</summary>
    public long Parse(string token, string executionId, string accessKeyId)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token))).Split('\n');
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw AthenaError.InvalidRequest(
                "NextToken is not valid: it was not issued by this endpoint or was altered. Pass the NextToken of this query's previous GetQueryResults page unchanged, or none for the first page.");
        }
        if (parts is not [var id, var offsetText, var keyId] || !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            throw AthenaError.InvalidRequest("NextToken is not valid: its content is not a GetQueryResults page token.");
        if (id != executionId)
            throw AthenaError.InvalidRequest($"NextToken belongs to another query execution, not {executionId}: pass the NextToken of this query's previous GetQueryResults page.");
        if (keyId != accessKeyId)
            throw AthenaError.InvalidRequest("NextToken was issued to another access key: page through a result with the key that read its first page.");
        return offset;
    }
}
