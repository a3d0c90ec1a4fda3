using System.CommandLine;
using EventBroker.Client;
using EventBroker.Protocol;

namespace EventBroker.Cli.Infrastructure;

/// <summary>What a subcommand's handler gets: the parsed flags, a session to the cluster, and where to write.</summary>
internal sealed class CommandContext
{
    public required ParseResult Parse { get; init; }

    public required AdminSession Session { get; init; }

    public required CommandOutput Output { get; init; }

    /// <summary>Warnings and notes: stderr, so that <c>--json</c> output stays one parseable document.</summary>
    public required TextWriter Error { get; init; }

    public required CancellationToken Cancellation { get; init; }

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T Require<T>(Option<T> option) => Parse.GetRequiredValue(option);
}

/// <summary>
/// Builds subcommands whose handler runs inside one <see cref="AdminSession"/> and whose failures become one line on
/// stderr plus exit code 1: unreachable servers say which address and what to check, broker errors show their code,
/// code name and remark.
/// </summary>
internal sealed class AdminCommand
{
    private readonly GlobalOptions _globals;
    private readonly CliEnvironment _environment;

    public AdminCommand(GlobalOptions globals, CliEnvironment environment)
    {
        _globals = globals;
        _environment = environment;
    }

    public Command Create(string name, string description, Func<CommandContext, Task> handler, params Option[] options)
    {
        var command = new Command(name, description);
        foreach (var option in options)
        {
            command.Add(option);
        }
        command.SetAction((parse, ct) => RunAsync(name, parse, handler, ct));
        return command;
    }

    private async Task<int> RunAsync(string name, ParseResult parse, Func<CommandContext, Task> handler, CancellationToken ct)
    {
        var error = _environment.Error;
        try
        {
            var timeout = parse.GetValue(_globals.TimeoutMillis);
            if (timeout <= 0)
            {
                throw new AdminException($"--timeoutMillis must be positive (got {timeout})");
            }
            var nameServer = parse.GetValue(_globals.NameServer) ?? _environment.GetVariable("NAMESRV_ADDR");
            var options = new EventBrokerClientOptions
            {
                NameServers = string.IsNullOrWhiteSpace(nameServer) ? ["127.0.0.1:9876"] : [nameServer],
                RequestTimeout = TimeSpan.FromMilliseconds(timeout),
                ConnectTimeout = TimeSpan.FromMilliseconds(timeout),
                Credentials = Credentials.Resolve(parse.GetValue(_globals.AccessKey), parse.GetValue(_globals.SecretKey), _environment.GetVariable),
                InstanceName = "eventbroker-admin-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8],
            };
            await using var session = new AdminSession(options, _environment.Time);
            await handler(new CommandContext
            {
                Parse = parse,
                Session = session,
                Output = new CommandOutput(_environment.Output, parse.GetValue(_globals.Json)),
                Error = error,
                Cancellation = ct,
            }).ConfigureAwait(false);
            return 0;
        }
        catch (AdminException ex)
        {
            error.WriteLine($"{name}: {ex.Message}");
        }
        catch (BrokerResponseException ex)
        {
            var codeName = Enum.IsDefined((ResponseCode)ex.ResponseCode) ? ((ResponseCode)ex.ResponseCode).ToString() : "unknown code";
            error.WriteLine($"{name}: {ex.Address ?? "the server"} answered CODE {ex.ResponseCode} ({codeName}): {ex.Remark}");
        }
        catch (EventBrokerException ex)
        {
            error.WriteLine($"{name}: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            // The client's own validation (topic names, option values): its message says what is wrong.
            error.WriteLine($"{name}: {ex.Message}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            error.WriteLine($"{name}: cancelled");
            return 130;
        }
        return 1;
    }
}

/// <summary>The process's console, environment and clock, replaceable so tests can run commands in-process.</summary>
internal sealed class CliEnvironment
{
    public required TextWriter Output { get; init; }

    public required TextWriter Error { get; init; }

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
