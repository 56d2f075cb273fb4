using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Requests;

namespace Portal.Tests.Engine.Imaging;

/// <summary><c>?expires=</c> as the successor's image-request.ts checks it (its decode-request.spec.ts table), against a fixed clock.</summary>
public sealed class RequestExpiryTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, 500, TimeSpan.Zero);

    [Theory]
    [InlineData("19700101T000000Z", RequestExpiry.ExpiredCode)]
    [InlineData("20291231T235959Z", RequestExpiry.ExpiredCode)]
    [InlineData("19700001T000000Z", RequestExpiry.FormatCode)]
    [InlineData("19700101S000000Z", RequestExpiry.FormatCode)]
    [InlineData("19700101T000000", RequestExpiry.FormatCode)]
    [InlineData("20300230T000000Z", RequestExpiry.FormatCode)] // no 30 February
    [InlineData("20300101T240000Z", RequestExpiry.FormatCode)]
    [InlineData("2030-01-01T00:00:00Z", RequestExpiry.FormatCode)]
    [InlineData("+2030101T000000Z", RequestExpiry.FormatCode)]
    [InlineData("", RequestExpiry.FormatCode)]
    public void Malformed_or_past_expiries_are_400s_with_the_successors_codes(string expires, string code)
    {
        var error = Assert.Throws<ImageRequestException>(() => RequestExpiry.SecondsLeft(expires, Now));
        Assert.Equal((400, code), (error.Status, error.Code));
        Assert.Equal(code == RequestExpiry.ExpiredCode ? "Request has expired." : RequestExpiry.FormatMessage, error.Message);
    }

    [Theory]
    [InlineData("20300101T000100Z", 59L)] // whole seconds left, truncated
    [InlineData("20300101T000001Z", 0L)]
    [InlineData("20310101T000000Z", 31535999L)]
    public void A_future_expiry_gives_the_seconds_left(string expires, long seconds) =>
        Assert.Equal(seconds, RequestExpiry.SecondsLeft(expires, Now));

    [Fact]
    public void No_expiry_is_no_limit() => Assert.Null(RequestExpiry.SecondsLeft(null, Now));
}
