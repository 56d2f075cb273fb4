namespace Portal.Tests.Infrastructure;

/// <summary>The options validation failure inside what a failed start-up threw (through inner and aggregate exceptions).</summary>
public static class StartupFailure
{
    public static Microsoft.Extensions.Options.OptionsValidationException? ValidationErrorIn(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is Microsoft.Extensions.Options.OptionsValidationException validation) return validation;
            if (error is AggregateException aggregate)
                return aggregate.InnerExceptions.Select(ValidationErrorIn).FirstOrDefault(e => e is not null);
        }
        return null;
    }
}
