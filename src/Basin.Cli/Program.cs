using System.CommandLine;
using Basin.Cli;

var root = new RootCommand("Basin: the AWS data-engineering stack on one machine.")
{
    UpCommand.Create(),
    StatusCommand.Create(),
    CoverageCommand.Create(),
    SqlCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
