using System.Text.Json;
using Portal.Tests.Engine.Models.Registry;
using Portal.Tests.Features.Analytics.Access;

namespace Portal.Tests.Features.Models.SageMaker;

/// <summary>Unchanged boto3 and AWS CLI code against the app on a real loopback port, signed with the demo analyst's key.</summary>
public sealed class SageMakerClientsTests(SageMakerApp app) : IClassFixture<SageMakerApp>
{
    private const string Boto3Script = """
        import json, os, sys
        import boto3, botocore
        client = boto3.client('sagemaker-runtime', endpoint_url=os.environ['SAGEMAKER_ENDPOINT'])
        out = {}
        response = client.invoke_endpoint(EndpointName='product-category', ContentType='application/json', Body=os.environ['KEYS'])
        out['variant'] = response['InvokedProductionVariant']
        out['content_type'] = response['ContentType']
        out['body'] = json.loads(response['Body'].read())
        with open(os.environ['PHOTO'], 'rb') as photo:
            image = client.invoke_endpoint(EndpointName='product-category', ContentType='image/jpeg', Body=photo.read())
        out['image'] = [image['InvokedProductionVariant'], json.loads(image['Body'].read())['predictions'][0]['label']]
        try:
            client.invoke_endpoint(EndpointName='product-category', ContentType='image/png', Body=b'not a png')
        except client.exceptions.ValidationError as e:
            out['not_image'] = e.response['Error']['Code']
        try:
            client.invoke_endpoint(EndpointName='nowhere', ContentType='application/json', Body=os.environ['KEYS'])
        except client.exceptions.ValidationError as e:
            out['missing'] = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
        try:
            client.invoke_endpoint(EndpointName='product-category', ContentType='text/csv', Body=b'1,2,3')
        except client.exceptions.ValidationError as e:
            out['csv'] = [e.response['Error']['Code'], e.response['Error']['Message']]
        try:
            client.invoke_endpoint(EndpointName='broken', ContentType='application/json', Body=os.environ['KEYS'])
        except client.exceptions.ModelError as e:
            out['model_error'] = [e.response['Error']['Code'], e.response.get('OriginalStatusCode'), e.response['ResponseMetadata']['HTTPStatusCode']]
        print(json.dumps(out))
        """;

    [SkippableFact]
    public async Task Boto3_invokes_the_endpoint_with_keys_and_a_photo_and_gets_SageMaker_s_exceptions_for_a_missing_endpoint_bad_content_and_a_broken_model()
    {
        var photo = Path.Combine(Path.GetTempPath(), $"portal-boto3-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(photo, SageMakerApp.Jpeg());
        AwsClients.Run run;
        try
        {
            run = await AwsClients.PythonAsync(Boto3Script, SageMakerApp.DemoKeyId, SageMakerApp.DemoSecret,
                ("SAGEMAKER_ENDPOINT", app.Endpoint), ("KEYS", JsonSerializer.Serialize(new { keys = app.PhotoKeys })), ("PHOTO", photo));
        }
        finally
        {
            File.Delete(photo);
        }

        Assert.True(run.ExitCode == 0, $"boto3 failed ({run.ExitCode}): {run.Error}\n{run.Output}");
        var result = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(app.Version.Version.ToString(), result.GetProperty("variant").GetString());
        Assert.Equal("application/json", result.GetProperty("content_type").GetString());
        Assert.Equal(["bags", "mugs"], result.GetProperty("body").GetProperty("predictions").EnumerateArray()
            .Select(p => p.GetProperty("predictions")[0].GetProperty("label").GetString()));
        Assert.Equal(app.Version.Version.ToString(), result.GetProperty("image")[0].GetString());
        Assert.Contains(result.GetProperty("image")[1].GetString(), TrainedModels.Labels);
        Assert.Equal("ValidationError", result.GetProperty("not_image").GetString());
        var missing = result.GetProperty("missing");
        Assert.Equal(("ValidationError", "Endpoint nowhere of account portal not found.", 400), (missing[0].GetString(), missing[1].GetString(), missing[2].GetInt32()));
        Assert.Equal("ValidationError", result.GetProperty("csv")[0].GetString());
        Assert.Contains("text/csv", result.GetProperty("csv")[1].GetString());
        var modelError = result.GetProperty("model_error");
        Assert.Equal(("ModelError", 500, 424), (modelError[0].GetString(), modelError[1].GetInt32(), modelError[2].GetInt32()));
    }

    [SkippableFact]
    public async Task The_AWS_CLI_invokes_the_endpoint_and_writes_the_answer_to_its_out_file()
    {
        var directory = Directory.CreateTempSubdirectory("portal-sagemaker-cli-").FullName;
        try
        {
            var body = Path.Combine(directory, "keys.json");
            var answer = Path.Combine(directory, "out.json");
            await File.WriteAllTextAsync(body, JsonSerializer.Serialize(app.PhotoKeys));

            var run = await AwsClients.CliAsync(SageMakerApp.DemoKeyId, SageMakerApp.DemoSecret, "sagemaker-runtime", "invoke-endpoint",
                "--endpoint-url", app.Endpoint, "--endpoint-name", "product-category", "--content-type", "application/json",
                "--body", "fileb://" + body, "--output", "json", answer);

            Assert.True(run.ExitCode == 0, $"aws failed ({run.ExitCode}): {run.Error}\n{run.Output}");
            Assert.Equal(app.Version.Version.ToString(), JsonDocument.Parse(run.Output).RootElement.GetProperty("InvokedProductionVariant").GetString());
            var result = JsonDocument.Parse(await File.ReadAllTextAsync(answer)).RootElement;
            Assert.Equal("bags", result.GetProperty("predictions")[0].GetProperty("predictions")[0].GetProperty("label").GetString());

            var photo = Path.Combine(directory, "x.jpg");
            await File.WriteAllBytesAsync(photo, SageMakerApp.Jpeg());
            var image = await AwsClients.CliAsync(SageMakerApp.DemoKeyId, SageMakerApp.DemoSecret, "sagemaker-runtime", "invoke-endpoint",
                "--endpoint-url", app.Endpoint, "--endpoint-name", "product-category", "--content-type", "image/jpeg",
                "--body", "fileb://" + photo, "--output", "json", answer);
            Assert.True(image.ExitCode == 0, $"aws failed for an image ({image.ExitCode}): {image.Error}\n{image.Output}");
            var labels = JsonDocument.Parse(await File.ReadAllTextAsync(answer)).RootElement.GetProperty("predictions");
            Assert.Equal(3, labels.GetArrayLength());
            Assert.Equal("product-category", JsonDocument.Parse(await File.ReadAllTextAsync(answer)).RootElement.GetProperty("model").GetString());

            var missing = await AwsClients.CliAsync(SageMakerApp.DemoKeyId, SageMakerApp.DemoSecret, "sagemaker-runtime", "invoke-endpoint",
                "--endpoint-url", app.Endpoint, "--endpoint-name", "nowhere", "--content-type", "application/json", "--body", "fileb://" + body, answer);
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("(ValidationError)", missing.Error);
            Assert.Contains("Endpoint nowhere of account portal not found.", missing.Error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
