using System.Diagnostics;

namespace Portal.E2E;

/// <summary>Ends a process a journey started (the app, nginx) and removes the folder it worked in.</summary>
internal static class ChildProcess
{
    public static async ValueTask StopAsync(Process process, string workDirectory)
    {
        try
        {
            if (!process.HasExited)
            {
                // The whole tree: nginx's workers (and any child of the app) outlive a killed parent otherwise.
                process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException) { }
        catch (OperationCanceledException) { }
        finally
        {
            process.Dispose();
            try { Directory.Delete(workDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
