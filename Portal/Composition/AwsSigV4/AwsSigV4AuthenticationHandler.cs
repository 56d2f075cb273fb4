using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Identity;

namespace Portal.Composition.AwsSigV4;

public sealed class AwsSigV4Options : AuthenticationSchemeOptions
{
    /// <summary>How far a request's X-Amz-Date may be from the server's clock either way (AWS: 15 minutes).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest body hashed for a signature; larger requests are refused before anything reads them.</summary>
    public long MaxBodyBytes { get; set; } = 16 * 1024 * 1024;
}

/// <summary>Marks an endpoint (or group) as an AWS-compatible API of one service, e.g. <c>athena</c>: what the credential scope must name.</summary>
public sealed record AwsServiceEndpoint(string Service);

/// <summary>
/// Signs in AWS SDK and CLI callers by verifying their Signature Version 4 against an analyst's access key
/// (<see cref="IAnalystAccessKeys"/>), as AWS does: the canonical request is rebuilt from what arrived (raw path
/// including any prefix such as <c>/aws/athena</c>, query, signed headers, body hash), signed with the key derived from
/// the stored secret, and compared in constant time. Refusals are AWS's own error shapes, written by the challenge.
/// </summary>
public sealed class AwsSigV4AuthenticationHandler(
    IOptionsMonitor<AwsSigV4Options> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IAnalystAccessKeys keys,
    UserManager<PortalUser> users,
    IUserClaimsPrincipalFactory<PortalUser> principals,
    TimeProvider clock)
    : AuthenticationHandler<AwsSigV4Options>(options, logger, encoder)
{
    public const string SchemeName = "AwsSigV4";
    public const string AccessKeyIdClaim = "aws_access_key_id";
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private static readonly object ErrorKey = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<AwsServiceEndpoint>() is not { } endpoint) return AuthenticateResult.NoResult();
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult(); // the challenge answers MissingAuthenticationToken
        var error = await VerifyAsync(header, endpoint.Service);
        if (error is not null)
        {
            Context.Items[ErrorKey] = error;
            return AuthenticateResult.Fail(error.Message);
        }
        return AuthenticateResult.Success(new AuthenticationTicket((ClaimsPrincipal)Context.Items[PrincipalKey]!, Scheme.Name));
    }

    private static readonly object PrincipalKey = new();

    private async Task<AwsError?> VerifyAsync(string header, string service)
    {
        var (authorization, parseError) = SigV4Authorization.Parse(header);
        if (authorization is null) return parseError;
        if (authorization.Terminator != SigV4Canonical.Terminator)
            return AwsError.InvalidSignature($"Credential should be scoped with a valid terminator: '{SigV4Canonical.Terminator}', not '{authorization.Terminator}'.");
        if (authorization.Service != service) return AwsError.InvalidSignature($"Credential should be scoped to correct service: '{service}'. ");
        // The portal issues no temporary credentials, so a session token can only be a key from elsewhere.
        if (Request.Headers.ContainsKey("X-Amz-Security-Token")) return AwsError.UnrecognizedClient();

        var (amzDate, dateHeader) = Request.Headers.TryGetValue("X-Amz-Date", out var xAmzDate) ? (xAmzDate.ToString(), "x-amz-date") : (null, null);
        if (amzDate is null && DateTimeOffset.TryParse(Request.Headers.Date.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var httpDate))
            (amzDate, dateHeader) = (httpDate.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture), "date");
        if (amzDate is null || !DateTime.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
            return AwsError.Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header (X-Amz-Date as yyyyMMddTHHmmssZ).");
        if (!authorization.SignedHeaders.Contains("host")) return AwsError.InvalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        if (!authorization.SignedHeaders.Contains(dateHeader!)) return AwsError.InvalidSignature($"'{dateHeader}' must be a 'SignedHeader' in the AWS Authorization.");
        if (authorization.Date != amzDate[..8])
            return AwsError.InvalidSignature($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{authorization.Date}' != '{amzDate[..8]}', from '{amzDate}'.");
        var now = clock.GetUtcNow().UtcDateTime;
        var skew = Options.MaxClockSkew;
        if (signedAt < now - skew)
            return AwsError.InvalidSignature($"Signature expired: {amzDate} is now earlier than {Format(now - skew)} ({Format(now)} - {skew.TotalMinutes:0} min.)");
        if (signedAt > now + skew)
            return AwsError.InvalidSignature($"Signature not yet current: {amzDate} is still later than {Format(now + skew)} ({Format(now)} + {skew.TotalMinutes:0} min.)");

        var credential = await keys.FindAsync(authorization.AccessKeyId, Context.RequestAborted);
        if (credential is not { Active: true }) return AwsError.UnrecognizedClient();

        var (payloadHash, bodyError) = await PayloadHashAsync();
        if (payloadHash is null) return bodyError;
        var (path, query) = RawTarget();
        var canonicalRequest = SigV4Canonical.Request(Request.Method, path, query, authorization.SignedHeaders, HeaderValues, payloadHash);
        var stringToSign = SigV4Canonical.StringToSign(amzDate, authorization.Scope, canonicalRequest);
        var expected = SigV4Canonical.Signature(credential.SecretAccessKey, authorization.Date, authorization.Region, authorization.Service, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization.Signature)))
            return AwsError.InvalidSignature("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. "
                + $"Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'{canonicalRequest}'\n\nThe String-to-Sign should have been\n'{stringToSign}'\n");

        var user = await users.FindByIdAsync(credential.UserId);
        if (user is null || await users.IsLockedOutAsync(user)) return AwsError.UnrecognizedClient();
        await keys.RecordUseAsync(credential.AccessKeyId, Context.RequestAborted);
        var claims = (await principals.CreateAsync(user)).Claims.Append(new Claim(AccessKeyIdClaim, credential.AccessKeyId));
        Context.Items[PrincipalKey] = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
        return null;
    }

    /// <summary>
    /// The body's SHA-256 (the body is buffered so the endpoint reads it again). A client that sends
    /// <c>x-amz-content-sha256</c> (the .NET SDK always does) signs that value; it must match the body.
    /// </summary>
    private async Task<(string? Hash, AwsError? Error)> PayloadHashAsync()
    {
        if (Request.ContentLength > Options.MaxBodyBytes)
            return (null, new AwsError(413, "RequestEntityTooLargeException", $"The request body is larger than {Options.MaxBodyBytes} bytes."));
        Request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await Request.Body.ReadAsync(buffer, Context.RequestAborted)) > 0)
        {
            total += read;
            if (total > Options.MaxBodyBytes)
                return (null, new AwsError(413, "RequestEntityTooLargeException", $"The request body is larger than {Options.MaxBodyBytes} bytes."));
            sha.AppendData(buffer, 0, read);
        }
        Request.Body.Position = 0;
        var computed = SigV4Canonical.Hex(sha.GetHashAndReset());
        var declared = Request.Headers["x-amz-content-sha256"].ToString();
        if (declared.Length > 0 && !string.Equals(declared, computed, StringComparison.OrdinalIgnoreCase))
            return (null, AwsError.InvalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed (unsigned payloads are not accepted)."));
        return (declared.Length > 0 ? declared : computed, null);
    }

    /// <summary>The path and query exactly as the client sent them (before ASP.NET Core decodes the path).</summary>
    private (string Path, string Query) RawTarget()
    {
        var raw = Context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw)) return ((Request.PathBase + Request.Path).ToUriComponent(), Request.QueryString.Value ?? "");
        if (Uri.TryCreate(raw, UriKind.Absolute, out var absolute) && raw[0] != '/') raw = absolute.PathAndQuery; // absolute-form target (via a proxy)
        var question = raw.IndexOf('?');
        return question < 0 ? (raw, "") : (raw[..question], raw[(question + 1)..]);
    }

    private IEnumerable<string> HeaderValues(string name) => Request.Headers.TryGetValue(name, out var values) ? values.Select(v => v ?? "") : [""];

    private static string Format(DateTime time) => time.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        (Context.Items[ErrorKey] as AwsError ?? AwsError.MissingToken()).WriteAsync(Response);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var target = Request.Headers["X-Amz-Target"].ToString();
        var service = Context.GetEndpoint()?.Metadata.GetMetadata<AwsServiceEndpoint>()?.Service ?? "aws";
        var action = target.Contains('.') ? target[(target.LastIndexOf('.') + 1)..] : Request.Method;
        return AwsError.AccessDenied($"User: {Context.User.Identity?.Name} is not authorized to perform: {service}:{action} (the portal gives AWS-compatible APIs to the Analyst and Admin roles).")
            .WriteAsync(Response);
    }
}
