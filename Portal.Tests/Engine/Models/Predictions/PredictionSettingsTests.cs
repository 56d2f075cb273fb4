using Portal.Engine.Models;

namespace Portal.Tests.Engine.Models.Predictions;

/// <summary>The predictions' settings are checked at start-up, each message naming its setting.</summary>
public sealed class PredictionSettingsTests
{
    [Theory]
    [InlineData(nameof(ModelsOptions.RetagPollInterval), "Models:RetagPollInterval must be at least")]
    [InlineData(nameof(ModelsOptions.RetagBatchSize), "Models:RetagBatchSize must be between 1 and 10000, not 0")]
    [InlineData(nameof(ModelsOptions.TagMinProbability), "Models:TagMinProbability must be between 0 and 1, not 1.5")]
    [InlineData(nameof(ModelsOptions.TagEndpoint), "Models:TagEndpoint 'no--such' is not an endpoint name")]
    public void A_wrong_value_is_refused_naming_the_setting(string setting, string message)
    {
        var options = new ModelsOptions();
        switch (setting)
        {
            case nameof(ModelsOptions.RetagPollInterval): options.RetagPollInterval = TimeSpan.Zero; break;
            case nameof(ModelsOptions.RetagBatchSize): options.RetagBatchSize = 0; break;
            case nameof(ModelsOptions.TagMinProbability): options.TagMinProbability = 1.5; break;
            default: options.TagEndpoint = "no--such"; break;
        }

        var result = new ModelsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_pass_and_an_empty_tag_endpoint_turns_tagging_off_without_an_error()
    {
        Assert.True(new ModelsOptionsValidator().Validate(null, new ModelsOptions()).Succeeded);
        Assert.True(new ModelsOptionsValidator().Validate(null, new ModelsOptions { TagEndpoint = "" }).Succeeded);
    }
}
