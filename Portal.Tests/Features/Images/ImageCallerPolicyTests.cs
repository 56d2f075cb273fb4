using System.Security.Claims;
using Portal.Engine.Catalog;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Requests;
using Portal.Features.Images;

namespace Portal.Tests.Features.Images;

/// <summary>Which budget a request draws on: the portal's own URLs are internal work, then signed-in users, then anyone.</summary>
public sealed class ImageCallerPolicyTests
{
    private static readonly ClaimsPrincipal Nobody = new(new ClaimsIdentity());
    private static readonly ClaimsPrincipal Someone = new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")], "cookie"));
    private const string Key = "products/1-photo.jpg";
    private static readonly ImageRequest Request = new(null, Key, ImageEdits.None);

    private static string PortalPath(int size) => CatalogPhotos.Url(Key, size, size)![CatalogPhotos.PublicPathRoot.Length..];

    [Fact]
    public void Anonymous_requests_for_other_variants_are_anonymous_and_signed_in_ones_signed_in()
    {
        Assert.Equal(ImageCaller.Anonymous, ImageCallerPolicy.For(Nobody, isPublic: true, signed: false, "/fit-in/90x90/" + Key, Request));
        Assert.Equal(ImageCaller.SignedIn, ImageCallerPolicy.For(Someone, isPublic: true, signed: false, "/fit-in/90x90/" + Key, Request));
        Assert.Equal(ImageCaller.SignedIn, ImageCallerPolicy.For(Someone, isPublic: false, signed: false, "/fit-in/90x90/" + Key, Request));
    }

    [Fact]
    public void The_portals_own_urls_are_internal_work_whoever_fetches_them()
    {
        Assert.Equal(ImageCaller.Internal, ImageCallerPolicy.For(Nobody, isPublic: true, signed: false, PortalPath(CatalogPhotos.ThumbnailSize), Request));
        Assert.Equal(ImageCaller.Internal, ImageCallerPolicy.For(Nobody, isPublic: true, signed: false, PortalPath(CatalogPhotos.PhotoSize), Request));
        Assert.Equal(ImageCaller.Internal, ImageCallerPolicy.For(Nobody, isPublic: true, signed: true, "/fit-in/90x90/" + Key, Request));
        Assert.Equal(ImageCaller.Internal, ImageCallerPolicy.For(Someone, isPublic: false, signed: true, "/fit-in/90x90/" + Key, Request));
    }
}
