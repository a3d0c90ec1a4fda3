using System.CommandLine;
using EventBroker.Cli.Commands;
using EventBroker.Cli.Infrastructure;

namespace EventBroker.Cli;

/// <summary>
/// eventbroker-admin: mqadmin's common subcommands, with mqadmin's names and flags, over the RocketMQ 4.x remoting
/// protocol (so it works against Apache RocketMQ too). Exit code 0 on success, 1 on any error (one line on stderr).
/// </summary>
internal static class AdminCli
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliEnvironment { Output = output, Error = error }, cancellationToken);

    public static Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand(environment);
        // mqadmin's flags are single letters with a value (-t TopicA): no POSIX bundling of "-tA" style tokens.
        var parse = root.Parse(args, new ParserConfiguration { EnablePosixBundling = false });
        return parse.InvokeAsync(new InvocationConfiguration { Output = environment.Output, Error = environment.Error }, cancellationToken);
    }

    public static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("eventbroker-admin: administer EventBroker or Apache RocketMQ 4.x over the remoting protocol (mqadmin's subcommands and flags)");
        globals.AddTo(root);
        var factory = new AdminCommand(globals, environment);
        IEnumerable<Command> commands =
        [
            .. TopicCommands.Create(factory),
            .. ClusterCommands.Create(factory),
            .. GroupCommands.Create(factory),
            .. ConnectionCommands.Create(factory),
            .. QueryCommands.Create(factory),
            .. OffsetCommands.Create(factory),
            .. MessageCommands.Create(factory),
        ];
        foreach (var command in commands)
        {
            root.Add(command);
        }
        return root;
    }
}
