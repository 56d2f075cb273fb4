using Portal.Engine.Models;
using Portal.Engine.Models.Training;

namespace Portal.Tests.Engine.Models.Training;

/// <summary>The trainers on offer and the check of a request's hyperparameters against them.</summary>
public sealed class TrainersTests
{
    [Fact]
    public void Offers_three_trainers_each_with_defaults_inside_their_ranges()
    {
        Assert.Equal([Trainers.LbfgsMaximumEntropy, Trainers.SdcaMaximumEntropy, Trainers.AveragedPerceptronOneVersusAll], Trainers.All.Select(t => t.Name));
        foreach (var h in Trainers.All.SelectMany(t => t.Hyperparameters))
        {
            Assert.InRange(h.Default, h.Min, h.Max);
            Assert.False(string.IsNullOrWhiteSpace(h.Help));
            if (h.Integer) Assert.Equal(Math.Floor(h.Default), h.Default);
        }
    }

    [Fact]
    public void Resolving_fills_the_defaults_and_keeps_the_given_values()
    {
        var resolved = Trainers.Resolve(Trainers.LbfgsMaximumEntropy, new Dictionary<string, double> { ["L2Regularization"] = 0.5 });

        Assert.Equal(0.5, resolved["L2Regularization"]);
        Assert.Equal(20, resolved["HistorySize"]);
        Assert.Equal(Trainers.Find(Trainers.LbfgsMaximumEntropy)!.Hyperparameters.Select(h => h.Name), resolved.Keys);
    }

    [Theory]
    [InlineData("L2Regularization", 101, "Hyperparameters.L2Regularization", "between 0 and 100")]
    [InlineData("L2Regularization", -1, "Hyperparameters.L2Regularization", "between 0 and 100")]
    [InlineData("HistorySize", 2.5, "Hyperparameters.HistorySize", "whole number")]
    [InlineData("HistorySize", double.NaN, "Hyperparameters.HistorySize", "between")]
    [InlineData("Momentum", 1, "Hyperparameters.Momentum", "has no hyperparameter 'Momentum'")]
    public void A_bad_hyperparameter_is_refused_at_its_field(string name, double value, string field, string message)
    {
        var e = Assert.Throws<ModelsException>(() => Trainers.Resolve(Trainers.LbfgsMaximumEntropy, new Dictionary<string, double> { [name] = value }));

        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void An_unknown_trainer_is_refused_naming_the_ones_there_are()
    {
        var e = Assert.Throws<ModelsException>(() => Trainers.Resolve("light-gbm", null));

        Assert.Equal("Trainer", e.Field);
        Assert.Contains(Trainers.SdcaMaximumEntropy, e.Message);
    }
}
