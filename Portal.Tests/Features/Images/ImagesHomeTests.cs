using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Portal.Features.Images;

namespace Portal.Tests.Features.Images;

public sealed class ImagesHomeTests : ImageTestContext
{
    [Fact]
    public void A_new_customer_sees_the_empty_state_and_the_drop_zone()
    {
        var page = RenderPage<ImagesHome>();

        page.WaitForAssertion(() => Assert.Contains("no images", Text(page, "images-empty")), Patience);
        Assert.Equal("My images", Text(page, "landing-title"));
        Assert.NotNull(page.Find("[data-testid=images-dropzone]"));
        var input = page.Find("input[type=file]");
        Assert.True(input.HasAttribute("multiple"));
        Assert.Equal("image/*", input.GetAttribute("accept"));
    }

    [Fact]
    public async Task Uploading_a_jpeg_adds_it_to_the_gallery_and_the_database()
    {
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Jpeg(120, 80), "holiday.jpg", contentType: "image/jpeg"));

        page.WaitForAssertion(() =>
        {
            var card = page.Find("[data-testid=image-card]");
            Assert.Equal("holiday.jpg", card.QuerySelector("[data-testid=image-name]")!.TextContent.Trim());
            Assert.Contains("120 × 80 px", card.QuerySelector("[data-testid=image-details]")!.TextContent);
            Assert.Equal("Uploaded", card.QuerySelector("[data-testid=image-status]")!.TextContent.Trim()); // the worker takes it from here
            Assert.Contains("0 renditions", card.QuerySelector("[data-testid=image-renditions]")!.TextContent);
        }, Patience);
        Assert.Empty(page.FindAll("[data-testid=images-empty]"));
        var row = page.Find("[data-testid=upload-row]");
        Assert.Equal("Done", row.GetAttribute("data-state"));
        Assert.Empty(row.QuerySelectorAll("[data-testid=upload-error]"));

        var stored = Assert.Single(await StoredImagesAsync());
        Assert.Equal("holiday.jpg", stored.FileName);
        Assert.Equal((120, 80), (stored.Width, stored.Height));
        var thumbnail = page.Find("[data-testid=image-thumbnail]").GetAttribute("src");
        Assert.Equal($"/img/fit-in/240x240/{stored.OriginalKey}", thumbnail);
        Assert.Equal($"/images/{stored.Id}", page.Find("[data-testid=image-edit]").GetAttribute("href"));
        Assert.Equal($"/img/{stored.OriginalKey}?download", page.Find("[data-testid=image-download]").GetAttribute("href"));
    }

    [Fact]
    public async Task Bad_files_show_their_own_error_while_a_good_one_in_the_same_batch_is_uploaded()
    {
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);

        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"9\" height=\"9\"/></svg>", "logo.svg", contentType: "image/svg+xml"),
            InputFileContent.CreateFromBinary([], "empty.png", contentType: "image/png"),
            InputFileContent.CreateFromBinary(Jpeg(), "good.jpg", contentType: "image/jpeg"));

        page.WaitForAssertion(() => Assert.Equal("good.jpg", Text(page, "image-name")), Patience);
        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=upload-row]").ToDictionary(r => r.GetAttribute("data-file")!);
            Assert.Equal(["logo.svg", "empty.png", "good.jpg"], rows.Keys);
            Assert.Equal("Failed", rows["logo.svg"].GetAttribute("data-state"));
            Assert.False(string.IsNullOrWhiteSpace(rows["logo.svg"].QuerySelector("[data-testid=upload-error]")?.TextContent));
            Assert.Equal("Failed", rows["empty.png"].GetAttribute("data-state"));
            Assert.Equal("The file is empty.", rows["empty.png"].QuerySelector("[data-testid=upload-error]")!.TextContent.Trim());
            Assert.Equal("Done", rows["good.jpg"].GetAttribute("data-state"));
            Assert.Null(rows["good.jpg"].QuerySelector("[data-testid=upload-error]"));
        }, Patience);
        Assert.Single(page.FindAll("[data-testid=image-card]"));
        Assert.Equal("good.jpg", Assert.Single(await StoredImagesAsync()).FileName);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_at_its_row()
    {
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);

        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromBinary(new byte[MaxUploadBytes + 1], "huge.jpg", contentType: "image/jpeg"),
            InputFileContent.CreateFromBinary(Jpeg(), "small.jpg", contentType: "image/jpeg"));

        page.WaitForAssertion(() => Assert.Equal("small.jpg", Text(page, "image-name")), Patience);
        var huge = page.Find("[data-testid=upload-row][data-file='huge.jpg']");
        Assert.Equal("Failed", huge.GetAttribute("data-state"));
        Assert.Contains("the limit is 1.91 MB", huge.QuerySelector("[data-testid=upload-error]")!.TextContent);
        Assert.Equal("small.jpg", Assert.Single(await StoredImagesAsync()).FileName);
    }

    [Fact]
    public async Task The_svg_refusal_is_the_engines_message()
    {
        var svg = Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
        var expected = (await Library.UploadAsync(UserId, "x.svg", new MemoryStream(svg))).Error;
        Assert.NotNull(expected);
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(svg, "drawing.svg", contentType: "image/svg+xml"));

        page.WaitForAssertion(() => Assert.Equal(expected, Text(page, "upload-error")), Patience);
        Assert.NotNull(page.Find("[data-testid=images-empty]"));
    }

    [Fact]
    public async Task The_gallery_lists_only_the_users_own_images_with_their_rendition_counts()
    {
        var mine = await UploadedAsync(name: "mine.jpg");
        await Library.SaveRenditionAsync(UserId, mine.Id, new() { Grayscale = true }, null, null);
        await UploadedAsync(name: "theirs.jpg", owner: Guid.NewGuid().ToString());

        var page = RenderPage<ImagesHome>();

        page.WaitForAssertion(() => Assert.Equal("mine.jpg", Text(page, "image-name")), Patience);
        Assert.Single(page.FindAll("[data-testid=image-card]"));
        Assert.Contains("1 rendition", Text(page, "image-renditions"));
    }

    [Fact]
    public async Task Deleting_asks_first_then_removes_the_image_and_its_renditions()
    {
        var image = await UploadedAsync(name: "doomed.jpg");
        await Library.SaveRenditionAsync(UserId, image.Id, new() { Flip = true }, null, null);
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=image-card]"), Patience);

        page.Find("[data-testid=image-delete]").Click();
        page.Find("[data-testid=image-delete-cancel]").Click();
        Assert.Single(page.FindAll("[data-testid=image-card]"));
        Assert.Single(await StoredImagesAsync());

        page.Find("[data-testid=image-delete]").Click();
        page.Find("[data-testid=image-delete-confirm]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);
        Assert.Empty(page.FindAll("[data-testid=image-card]"));
        Assert.Empty(await StoredImagesAsync());
        Assert.Null(await Library.FindAsync(UserId, image.Id));
    }

    [Fact]
    public async Task A_portrait_phone_photo_is_listed_with_its_upright_size()
    {
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);
        var sideways = Portal.Tests.Engine.Imaging.TestImages.WithExifOrientation(Jpeg(120, 80), 6); // stored 120x80, shown 80x120

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(sideways, "portrait.jpg", contentType: "image/jpeg"));

        page.WaitForAssertion(() => Assert.Contains("80 × 120 px", Text(page, "image-details")), Patience);
        var stored = Assert.Single(await StoredImagesAsync());
        Assert.Equal((80, 120), (stored.Width, stored.Height));
    }

    [Fact]
    public async Task A_delete_the_store_fails_part_way_is_reported_and_the_image_stays_whole_until_deleted_again()
    {
        var image = await UploadedAsync(name: "keep.jpg");
        var rendition = (await Library.SaveRenditionAsync(UserId, image.Id, new() { Flip = true }, null, null))!;
        var page = RenderPage<ImagesHome>();
        page.WaitForAssertion(() => page.Find("[data-testid=image-card]"), Patience);
        Store.FailDeletesOf = "/renditions/";

        page.Find("[data-testid=image-delete]").Click();
        page.Find("[data-testid=image-delete-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("keep.jpg was not deleted: the store is unavailable", page.Find(".mud-snackbar").TextContent), Patience);
        Assert.Equal("keep.jpg", Text(page, "image-name"));
        Assert.False(page.Find("[data-testid=image-delete]").HasAttribute("disabled"));
        var stored = Assert.Single(await StoredImagesAsync());
        Assert.NotNull(await Space.GetAsync(image.OriginalKey));
        Assert.All(stored.Renditions, r => Assert.Equal(rendition.Key, r.Key));
        foreach (var listed in stored.Renditions) Assert.NotNull(await Space.GetAsync(listed.Key));

        Store.FailDeletesOf = null;
        page.Find("[data-testid=image-delete]").Click();
        page.Find("[data-testid=image-delete-confirm]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=images-empty]"), Patience);
        Assert.Empty(await StoredImagesAsync());
        Assert.Empty((await Space.ListAsync()).Objects);
    }
}
