using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Portal.Components;
using Portal.Composition;
using Portal.Composition.RateLimits;
using Portal.Composition.Security;
using Portal.Composition.Telemetry;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Archival;
using Portal.Engine.Analytics.Console;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Dashboards;
using Portal.Engine.Models;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Images.Processing;
using Portal.Engine.Imaging;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Engine.Messaging.Log.Kafka;
using Portal.Engine.Messaging.Relay;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Ordering;
using Portal.Engine.Overview;
using Portal.Engine.Payments;
using Portal.Engine.Startup;
using Portal.Engine.Storage;
using Portal.Features;
using Portal.Features.Account;
using Portal.Features.Admin;
using Portal.Features.Analytics.Athena;
using Portal.Features.Analytics.Access;
using Portal.Features.Analytics.Api;
using Portal.Features.Analytics.Console;
using Portal.Features.Models.Datasets;
using Portal.Features.Catalog;
using Portal.Features.Images;
using Portal.Features.Images.Api;
using Portal.Features.Logistics;
using Portal.Features.Logistics.Api;
using Portal.Features.Models.SageMaker;
using Portal.Features.Storefront;

var builder = WebApplication.CreateBuilder(args);
// Serve static web assets (MudBlazor's, the framework's, wwwroot) from the build output in every environment, not only
// Development: the build's runtime manifest names where they are. A published output has no such manifest (its assets
// are in its wwwroot), so there this does nothing.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPortalDatabase(builder.Configuration, builder.Environment.ContentRootPath);
// Engine capabilities several features share.
builder.Services.AddObjectStore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddArchival(builder.Configuration);
builder.Services.AddImaging(builder.Configuration);
builder.Services.AddOverviews();
builder.Services.AddSqlConsole(builder.Configuration);
builder.Services.AddModels(builder.Configuration);
builder.Services.AddOrdering(builder.Configuration);
builder.Services.AddPayments();
builder.Services.AddDemo(builder.Configuration);
builder.Services.AddEmbeddedEventLog(builder.Configuration);
builder.Services.AddKafkaEventLog(builder.Configuration);
builder.Services.AddOutboxRelay(builder.Configuration);
builder.Services.AddLiveEvents(builder.Configuration);
builder.Services.AddBatchWorker(builder.Configuration);
builder.Services.AddAnalyticsQuery(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddDashboards();
builder.Services.AddAnalyticsLake(builder.Configuration);
// One per feature: each registers only its own services.
builder.Services.AddAccount();
builder.Services.AddAdministration(builder.Configuration);
builder.Services.AddCatalog();
builder.Services.AddStorefront();
builder.Services.AddLogistics(builder.Configuration);
builder.Services.AddImages(builder.Configuration);
builder.Services.AddImageApi(builder.Configuration);
builder.Services.AddImageProcessing(builder.Configuration);
builder.Services.AddAthenaApi(builder.Configuration);
builder.Services.AddAnalyticsAccess();
builder.Services.AddDataProtection().SetApplicationName("Portal").PersistKeysToDbContext<PortalDbContext>();
builder.Services.AddPortalIdentity();
builder.Services.AddAreaPolicies();
builder.Services.AddPortalOidc(builder.Configuration);
builder.Services.AddPortalForwardedHeaders(builder.Configuration);
builder.Services.AddSecurityHeaders(builder.Configuration);
builder.Services.AddPortalRateLimits(builder.Configuration);
builder.Services.AddAuditOrigins();
builder.Services.AddPortalTelemetry(builder.Configuration);

builder.Services.AddApiErrorHandling();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.Services.AddPortalOpenApi();
builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database", tags: ["ready"]);

builder.Services.AddRazorComponents().AddInteractiveServerComponents().AddSqlConsoleMessageSize(builder.Configuration);
builder.Services.AddMudServices();

var app = builder.Build();

await app.Services.InitializePortalDatabaseAsync();

app.UsePortalForwardedHeaders();
app.UsePortalHsts();
// Repeats of public catalog renditions, answered from memory before the rest (it sets the headers the rest would add).
app.UseCatalogFastLane();
// Where the framework would put routing by itself (first), but after the fast lane, which needs no endpoint.
app.UseRouting();
app.UseInstanceHeader();
app.UseSecurityHeaders();
app.UseAuditOrigins();
app.UseApiErrorHandling();

app.UseCors();
app.UseApiKeyFailureThrottle();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapPortalTelemetry();
app.MapStaticAssets().AllowAnonymous();
app.MapPortalOpenApi();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapAccountEndpoints();
app.MapAntiforgeryToken();
app.MapExternalSignIn();
app.MapAdministration();
app.MapCatalogApi();
app.MapLogisticsApi();
app.MapAnalyticsQueryApi();
app.MapImageEndpoints();
app.MapImageApi();
app.MapAthenaApi();
app.MapSageMakerRuntime();
app.MapModelDatasetImages();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();

public partial class Program;
