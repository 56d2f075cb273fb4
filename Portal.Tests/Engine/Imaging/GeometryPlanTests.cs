using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Processing;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The size and region arithmetic of extract and resize, checked against sharp's results.</summary>
public sealed class GeometryPlanTests
{
    private static readonly ImagingOptions Options = new();

    private static GeometryPlan Plan(int width, int height, ResizeEdit resize, CropEdit? extract = null) =>
        GeometryPlan.For(width, height, ImageEdits.None with { Resize = resize, Extract = extract }, Options);

    [Fact]
    public void Cover_scales_to_the_short_side_and_takes_the_centre_rounding_like_sharp()
    {
        var plan = Plan(6028, 3391, new ResizeEdit(300, 300));
        Assert.Equal((300, 300), (plan.ResizedWidth, plan.ResizedHeight));
        // 533 px wide after scaling; sharp's centre gravity: left = (533 - 300 + 1) / 2 = 117.
        Assert.Equal(117 * 6028f / 533, plan.Region.Left, 2);
        Assert.Equal(300 * 6028f / 533, plan.Region.Width, 2);
        Assert.Equal(0, plan.Region.Top);
    }

    [Theory]
    [InlineData(4000, 3000, 311, null, 311, 233)]
    [InlineData(6028, 3391, null, 300, 533, 300)]
    [InlineData(100, 39, null, 10, 26, 10)]
    [InlineData(1000, 329, null, 100, 304, 100)]
    public void One_side_keeps_the_aspect_ratio_rounding_to_nearest(int width, int height, int? w, int? h, int expectedWidth, int expectedHeight)
    {
        var plan = Plan(width, height, new ResizeEdit(w, h));
        Assert.Equal((expectedWidth, expectedHeight), (plan.CanvasWidth, plan.CanvasHeight));
    }

    [Fact]
    public void Contain_centres_the_image_on_the_canvas()
    {
        var plan = Plan(400, 200, new ResizeEdit(100, 100, ResizeFit.Contain));
        Assert.Equal((100, 50, 100, 100), (plan.ResizedWidth, plan.ResizedHeight, plan.CanvasWidth, plan.CanvasHeight));
        Assert.Equal((0, 25), (plan.Offset.X, plan.Offset.Y));
    }

    [Fact]
    public void The_resize_applies_to_the_extracted_region()
    {
        var plan = Plan(1000, 1000, new ResizeEdit(50, null), new CropEdit(100, 200, 500, 250));
        Assert.Equal((50, 25), (plan.ResizedWidth, plan.ResizedHeight));
        Assert.Equal((100f, 200f, 500f, 250f), (plan.Region.Left, plan.Region.Top, plan.Region.Width, plan.Region.Height));
    }

    [Fact]
    public void Ratio_scales_both_sides()
    {
        var plan = Plan(640, 480, new ResizeEdit(null, null, Ratio: 0.25));
        Assert.Equal((160, 120), (plan.CanvasWidth, plan.CanvasHeight));
    }

    [Fact]
    public void A_plan_scaled_for_a_preview_keeps_the_region_and_recentres_a_contain_canvas()
    {
        var plan = Plan(400, 200, new ResizeEdit(100, 100, ResizeFit.Contain)).ScaledBy(0.5);
        Assert.Equal((50, 25, 50, 50), (plan.ResizedWidth, plan.ResizedHeight, plan.CanvasWidth, plan.CanvasHeight));
        Assert.Equal((0, 12), (plan.Offset.X, plan.Offset.Y));
        Assert.Equal((0f, 0f, 400f, 200f), (plan.Region.Left, plan.Region.Top, plan.Region.Width, plan.Region.Height));

        var uncropped = GeometryPlan.For(6000, 4000, ImageEdits.None, Options).ScaledBy(0.2);
        Assert.Equal((1200, 800, 1200, 800), (uncropped.ResizedWidth, uncropped.ResizedHeight, uncropped.CanvasWidth, uncropped.CanvasHeight));
        Assert.True(uncropped.Resamples);
        Assert.False(uncropped.Embeds);
    }
}
