using Portal.Engine.Operations;

namespace Portal.Composition;

/// <summary>
/// Names the instance that answered (<see cref="InstanceIdentity.Id"/>, host and process) in <c>X-Portal-Instance</c> on
/// every answer, so behind the load balancer an operator, a browser's network tab or the two-instance journey can tell
/// which instance served a page and see that stickiness holds.
/// </summary>
public static class InstanceHeader
{
    public const string Name = "X-Portal-Instance";

    public static IApplicationBuilder UseInstanceHeader(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // At the start of the answer, so it survives the error handler clearing the headers.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Name] = InstanceIdentity.Id;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
