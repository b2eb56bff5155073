using System.CommandLine;
using Basin.Hosting;

namespace Basin.Cli;

/// <summary><c>basin coverage</c>: regenerate docs/coverage.md (or print it).</summary>
internal static class CoverageCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "File to write (default: print to standard output)." };
        var command = new Command("coverage", "Generate the API coverage table from the models and the implemented operations.") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = CoverageReport.Render();
            if (parse.GetValue(output) is { } path) await File.WriteAllTextAsync(path, report, cancellationToken).ConfigureAwait(false);
            else Console.Write(report);
            return 0;
        });
        return command;
    }
}
