using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Training;
using Portal.Features.Models.Training;
using Portal.Tests.Engine.Models.Training;

namespace Portal.Tests.Features.Models.Training;

/// <summary>The training pages over a real SQLite database, the real training services and a folder object store.</summary>
public sealed class TrainingPagesTests : ModelsPagesContext
{
    private readonly InTestDatasetVersions _datasets;

    public TrainingPagesTests()
    {
        _datasets = new InTestDatasetVersions(Database);
        Services.AddSingleton<IModelDatasets>(_datasets);
        Services.AddModelTraining();
    }

    private IModelTraining Training => Services.GetRequiredService<IModelTraining>();
    private TrainingRunner Runner => Services.GetRequiredService<TrainingRunner>();

    private Task<DatasetVersion> VersionAsync() => _datasets.AddAsync("synthetic", SyntheticEmbeddings.Rows(SyntheticEmbeddings.Categories, perLabel: 20));

    [Fact]
    public void Without_a_dataset_version_the_form_points_to_datasets_and_the_list_is_empty()
    {
        var page = RenderPage<TrainingPage>();

        page.WaitForElement("[data-testid=training-no-datasets]", Patience);
        Assert.NotNull(page.Find("[data-testid=training-jobs-empty]"));
    }

    [Fact]
    public async Task A_bad_model_name_is_refused_at_its_field_and_a_good_one_queues_and_opens_the_job()
    {
        var version = await VersionAsync();
        var page = RenderPage<TrainingPage>();
        page.WaitForElement("[data-testid=training-start]", Patience);
        Assert.NotNull(page.Find("input[data-testid=hp-L2Regularization]"));
        Assert.Contains("Weight decay", page.Markup);

        page.Find("input[data-testid=training-model-name]").Input("-not--a-name");
        page.Find("[data-testid=training-start]").Submit();
        page.WaitForAssertion(() => Assert.StartsWith("'-not--a-name' is not a model name", FieldError(page, "training-model-name")), Patience);
        await using (var db = Database.NewContext()) Assert.Equal(0, await db.TrainingJobs.CountAsync());

        page.Find("input[data-testid=training-model-name]").Input("product-category");
        page.Find("[data-testid=training-start]").Submit();

        page.WaitForAssertion(() => Assert.StartsWith("http://localhost/models/training/", Navigation.Uri), Patience);
        await using var check = Database.NewContext();
        var job = await check.TrainingJobs.SingleAsync();
        Assert.Equal(("product-category", version.Id, TrainingJobStatus.Queued, "analyst@portal.local"), (job.ModelName, job.DatasetVersionId, job.Status, job.CreatedBy));
        Assert.EndsWith(job.Id.ToString(), Navigation.Uri);
    }

    [Fact]
    public async Task A_succeeded_job_shows_its_scores_per_label_table_confusion_heat_map_artifacts_and_log()
    {
        var version = await VersionAsync();
        var job = await Training.StartAsync(new TrainingRequest("product-category", version.Id, Trainers.LbfgsMaximumEntropy), "analyst");
        await Runner.RunOnceAsync();

        var page = RenderPage<TrainingJobPage>(p => p.Add(x => x.Id, job.Id));

        page.WaitForElement("[data-testid=training-results]", Patience);
        Assert.Equal("Succeeded", page.Find("[data-testid=training-status]").GetAttribute("data-status"));
        Assert.Matches(@"^[01]\.\d{3}$", Text(page, "training-accuracy"));
        Assert.Equal(3, page.FindAll("[data-testid=training-per-label] tbody tr").Count);
        var headers = page.FindAll("[data-testid=confusion-matrix] thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["Actual \\ predicted", "lamps", "mugs", "posters"], headers);
        var cells = page.FindAll("[data-testid=confusion-cell]");
        Assert.Equal(9, cells.Count);
        Assert.Equal(12, cells.Sum(c => int.Parse(c.TextContent.Trim())));
        var diagonal = cells.First(c => c.GetAttribute("data-actual") == "lamps" && c.GetAttribute("data-predicted") == "lamps");
        Assert.Contains("color-mix(in srgb, var(--mud-palette-primary) 90%", diagonal.GetAttribute("style"));
        Assert.Contains("s3://portal-models/models/product-category/1/model.zip", page.Find("[data-testid=training-artifacts]").TextContent);
        Assert.Contains("Succeeded: product-category version 1", page.Find("[data-testid=training-log]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=training-cancel]"));
    }

    [Fact]
    public async Task Cancel_on_a_queued_job_ends_it_and_the_page_says_so()
    {
        var version = await VersionAsync();
        var job = await Training.StartAsync(new TrainingRequest("product-category", version.Id, Trainers.SdcaMaximumEntropy), "analyst");
        var page = RenderPage<TrainingJobPage>(p => p.Add(x => x.Id, job.Id));
        page.WaitForElement("[data-testid=training-cancel]", Patience);
        Assert.Equal("Queued", page.Find("[data-testid=training-status]").GetAttribute("data-status"));
        Assert.Contains("on synthetic v1 ·", Text(page, "training-job-summary")); // the dataset's name and version, not its row id
        Assert.DoesNotContain("dataset version", Text(page, "training-job-summary"));

        page.Find("button[data-testid=training-cancel]").Click();

        page.WaitForAssertion(() => Assert.Equal("Cancelled", page.Find("[data-testid=training-status]").GetAttribute("data-status")), Patience);
        Assert.Contains("Cancelled by analyst@portal.local", page.Find("[data-testid=training-log]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=training-cancel]"));
    }

    [Fact]
    public async Task A_running_job_s_progress_stage_and_log_follow_live_until_its_results_show()
    {
        var version = await VersionAsync();
        var job = await Training.StartAsync(new TrainingRequest("product-category", version.Id, Trainers.LbfgsMaximumEntropy), "analyst");
        var page = RenderPage<TrainingJobPage>(p => p.Add(x => x.Id, job.Id));
        page.WaitForElement("[data-testid=training-cancel]", Patience);

        await using (var db = Database.NewContext())
        {
            var running = await db.TrainingJobs.SingleAsync(j => j.Id == job.Id);
            (running.Status, running.Progress, running.Stage, running.Log) = (TrainingJobStatus.Running, 0.4, "Training", "Training on 48 rows\n");
            await db.SaveChangesAsync();
        }
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Running", page.Find("[data-testid=training-status]").GetAttribute("data-status"));
            Assert.Contains("Training", Text(page, "training-stage"));
            Assert.Contains("40", Text(page, "training-stage"));
            Assert.Contains("Training on 48 rows", page.Find("[data-testid=training-log]").TextContent);
        }, Patience);

        await using (var db = Database.NewContext())
        {
            var back = await db.TrainingJobs.SingleAsync(j => j.Id == job.Id);
            (back.Status, back.Progress, back.Stage) = (TrainingJobStatus.Queued, 0, null); // the runner takes it up from the queue
            await db.SaveChangesAsync();
        }
        await Runner.RunOnceAsync();

        page.WaitForElement("[data-testid=training-results]", Patience);
        Assert.Equal("Succeeded", page.Find("[data-testid=training-status]").GetAttribute("data-status"));
    }

    [Fact]
    public void An_unknown_job_says_so()
    {
        var page = RenderPage<TrainingJobPage>(p => p.Add(x => x.Id, Guid.NewGuid()));

        page.WaitForElement("[data-testid=training-job-missing]", Patience);
    }
}
