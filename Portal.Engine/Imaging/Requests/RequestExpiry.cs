using System.Globalization;

namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// The successor's <c>?expires=YYYYMMDDTHHmmssZ</c> (UTC): a malformed or unreal date is <c>400 ImageRequestExpiryFormat</c>,
/// a past one <c>400 ImageRequestExpired</c>; otherwise the whole seconds left become the answer's max-age.
/// </summary>
public static class RequestExpiry
{
    public const string ExpiredCode = "ImageRequestExpired";
    public const string FormatCode = "ImageRequestExpiryFormat";
    public const string ExpiredMessage = "Request has expired.";

    public const string FormatMessage =
        "Request has invalid expires value. The expires query param should map to a real date and follow the following format: YYYYMMDDTHHmmssZ (Ex: Jan 2nd, 1970 at 12:03:04PM UTC becomes 19700102T120304Z).";

    /// <summary>Seconds until <paramref name="expires"/> (truncated), or null when the request has no expiry.</summary>
    public static long? SecondsLeft(string? expires, DateTimeOffset now)
    {
        if (expires is null) return null;
        // dayjs's strict "YYYYMMDDTHHmmss[Z]": exactly these digits, a real date and time.
        if (expires.Length != 16 || !expires.All(c => char.IsAsciiDigit(c) || c is 'T' or 'Z')
            || !DateTime.TryParseExact(expires, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiry))
            throw new ImageRequestException(400, FormatCode, FormatMessage);
        var left = new DateTimeOffset(expiry, TimeSpan.Zero) - now;
        if (left < TimeSpan.Zero) throw new ImageRequestException(400, ExpiredCode, ExpiredMessage);
        return (long)left.TotalSeconds;
    }
}
