using Portal.Features.Account;

namespace Portal.Tests.Features.Account;

/// <summary>Where sign-in may send the user afterwards: only to a path of this site.</summary>
public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/catalog?page=2", "/catalog?page=2")]
    [InlineData("/", "/")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/shop\r\nSet-Cookie: x=1", "/")] // LocalRedirect would throw on it: a 500 after a correct password
    [InlineData("/shop\u0000", "/")]
    public void Only_paths_of_this_site_without_control_characters_are_followed(string? returnUrl, string expected) =>
        Assert.Equal(expected, AccountEndpoints.SafeReturnUrl(returnUrl));
}
