using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The sharp operations are read with sharp's parameter rules: defaults as sharp's, values sharp refuses a 400 naming the edit.</summary>
public sealed class SharpOperationsParserTests
{
    private static ImageEdits Edits(string json) => ImageProcessingTests.Request(json).Edits;

    [Fact]
    public void Each_operation_is_read_with_sharps_defaults()
    {
        var ops = Edits("""
            {"trim":true,"affine":[[1,0.5],[0,1]],"extend":3,"median":null,"threshold":true,"convolve":{"width":3,"height":3,"kernel":[1,2,1,2,4,2,1,2,1]},
             "recomb":[[1,0,0],[0,1,0],[0,0,1]],"modulate":{"hue":400},"gamma":null,"linear":1.5,"clahe":{"width":8,"height":8},
             "removeAlpha":false,"ensureAlpha":null,"extractChannel":"blue","toColorspace":"b-w","negate":{"alpha":false},"normalise":{"lower":5}}
            """).Operations!;
        Assert.Equal(new TrimEdit(10), ops.Trim);
        Assert.Equal(new double[] { 1, 0.5, 0, 1 }, ops.Affine);
        Assert.Equal(new ExtendEdit(3, 3, 3, 3, RgbaColor.Black), ops.Extend);
        Assert.Equal(3, ops.Median);
        Assert.Equal(new ThresholdEdit(128), ops.Threshold);
        Assert.Equal(16, ops.Convolve!.Scale); // the kernel's sum
        Assert.Equal(40, ops.Modulate!.Hue);
        Assert.Equal(2.2, ops.Gamma);
        Assert.Equal(1.5, ops.Linear);
        Assert.Equal(new ClaheEdit(8, 8, 3), ops.Clahe);
        Assert.True(ops.RemoveAlpha); // sharp's removeAlpha() takes no argument
        Assert.Equal(1, ops.EnsureAlpha);
        Assert.Equal(2, ops.ExtractChannel);
        Assert.True(ops.BlackAndWhite);
        Assert.True(ops.NegateKeepsAlpha);
        Assert.Equal((5, 99), (ops.NormaliseLower, ops.NormaliseUpper));
        Assert.Equal(ResizePosition.Attention, Edits("""{"resize":{"width":10,"height":10,"position":"attention"}}""").Resize!.Position);
        Assert.Equal(ResizePosition.NorthEast, Edits("""{"resize":{"width":10,"height":10,"position":"right top"}}""").Resize!.Position);
    }

    [Theory]
    [InlineData("""{"median":0}""")]
    [InlineData("""{"median":2.5}""")]
    [InlineData("""{"median":"big"}""")]
    [InlineData("""{"threshold":256}""")]
    [InlineData("""{"threshold":-1}""")]
    [InlineData("""{"gamma":0.5}""")]
    [InlineData("""{"gamma":3.5}""")]
    [InlineData("""{"gamma":{}}""")]
    [InlineData("""{"modulate":5}""")]
    [InlineData("""{"modulate":{"brightness":-1}}""")]
    [InlineData("""{"modulate":{"saturation":"x"}}""")]
    [InlineData("""{"modulate":{"hue":1.5}}""")]
    [InlineData("""{"extend":-1}""")]
    [InlineData("""{"extend":0}""")]
    [InlineData("""{"extend":{"top":-1}}""")]
    [InlineData("""{"extend":{"top":1.5}}""")]
    [InlineData("""{"extend":{"left":1,"extendWith":"smear"}}""")]
    [InlineData("""{"extend":{"left":1,"background":"notacolour"}}""")]
    [InlineData("""{"convolve":{"width":3,"height":3,"kernel":[1,2]}}""")]
    [InlineData("""{"convolve":{"width":2,"height":2,"kernel":[1,1,1,1]}}""")]
    [InlineData("""{"convolve":[1,2,3]}""")]
    [InlineData("""{"recomb":[[1,0],[0,1]]}""")]
    [InlineData("""{"recomb":[[1,0,0],[0,1,0],[0,0,"x"]]}""")]
    [InlineData("""{"clahe":{"width":0,"height":3}}""")]
    [InlineData("""{"clahe":{"width":3}}""")]
    [InlineData("""{"clahe":{"width":3,"height":3,"maxSlope":101}}""")]
    [InlineData("""{"clahe":true}""")]
    [InlineData("""{"affine":[1,0,0]}""")]
    [InlineData("""{"affine":[[1,0],[0,0]]}""")]
    [InlineData("""{"affine":"flip"}""")]
    [InlineData("""{"trim":-1}""")]
    [InlineData("""{"trim":{"threshold":"x"}}""")]
    [InlineData("""{"trim":[1]}""")]
    [InlineData("""{"ensureAlpha":2}""")]
    [InlineData("""{"extractChannel":"purple"}""")]
    [InlineData("""{"extractChannel":4}""")]
    [InlineData("""{"toColourspace":"cmyk"}""")]
    [InlineData("""{"toColorspace":7}""")]
    [InlineData("""{"linear":"x"}""")]
    [InlineData("""{"linear":[1,2]}""")]
    [InlineData("""{"normalise":{"lower":50,"upper":40}}""")]
    [InlineData("""{"normalize":{"upper":101}}""")]
    [InlineData("""{"negate":{"alpha":"yes"}}""")]
    public void A_value_sharp_refuses_is_a_400_naming_the_edit(string edits)
    {
        var error = Assert.Throws<ImageRequestException>(() => Edits(edits));
        Assert.Equal((400, ImageErrorCodes.InvalidEdit), (error.Status, error.Code));
        var name = edits.Split('"')[1];
        Assert.Contains($"'{name}'", error.Message);
    }

    [Theory]
    [InlineData("""{"resize":{"width":10,"position":"middle"}}""")]
    [InlineData("""{"resize":{"width":10,"position":12}}""")]
    public void An_unknown_resize_position_is_an_invalid_resize(string edits)
    {
        var error = Assert.Throws<ImageRequestException>(() => Edits(edits));
        Assert.Equal((400, ImageErrorCodes.InvalidResize), (error.Status, error.Code));
    }
}
