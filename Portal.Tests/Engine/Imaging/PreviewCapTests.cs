using Portal.Engine.Imaging;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The live preview's size: the output fitted inside the cap, never enlarged.</summary>
public sealed class PreviewCapTests
{
    [Theory]
    [InlineData(6000, 4000, 1200, 1200, 800)]
    [InlineData(4000, 6000, 1200, 800, 1200)]
    [InlineData(5000, 5000, 1200, 1200, 1200)]
    [InlineData(3000, 2001, 1200, 1200, 800)]
    [InlineData(1000, 1201, 1200, 999, 1200)]
    [InlineData(1201, 1, 1200, 1200, 1)]
    [InlineData(100_000, 10, 1200, 1200, 1)]
    public void A_larger_output_is_fitted_inside_with_its_longest_side_at_the_cap(int width, int height, int cap, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), PreviewCap.Fit(width, height, cap));
        Assert.False(PreviewCap.Fits(width, height, cap));
        Assert.True(PreviewCap.Scale(width, height, cap) < 1);
    }

    [Theory]
    [InlineData(1200, 800)]
    [InlineData(1200, 1200)]
    [InlineData(640, 480)]
    [InlineData(1, 1)]
    public void An_output_inside_the_cap_is_never_enlarged(int width, int height)
    {
        Assert.Equal((width, height), PreviewCap.Fit(width, height, PreviewCap.DefaultMaxSide));
        Assert.True(PreviewCap.Fits(width, height, PreviewCap.DefaultMaxSide));
        Assert.Equal(1, PreviewCap.Scale(width, height, PreviewCap.DefaultMaxSide));
    }

    [Fact]
    public void The_scale_brings_the_longest_side_to_the_cap()
    {
        Assert.Equal(0.2, PreviewCap.Scale(6000, 4000, 1200), 10);
        Assert.Equal(0.3, PreviewCap.Scale(2000, 4000, 1200), 10);
    }

    [Fact]
    public void A_cap_below_one_pixel_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PreviewCap.Fit(10, 10, 0));
}
