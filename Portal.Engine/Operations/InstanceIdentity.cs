namespace Portal.Engine.Operations;

/// <summary>Who this process is among the instances: host and process id (the OpenTelemetry <c>service.instance.id</c>).</summary>
public static class InstanceIdentity
{
    public static string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";
}
