using System.CommandLine;

namespace EventBroker.Cli.Infrastructure;

/// <summary>Options spelled as mqadmin spells them: a short <c>-x</c> and a long <c>--name</c>.</summary>
internal static class Opt
{
    public static Option<T> Of<T>(string shortName, string longName, string description, bool required = false) =>
        new("--" + longName, "-" + shortName) { Description = description, Required = required };

    public static Option<T> Of<T>(string shortName, string longName, string description, T defaultValue) =>
        new("--" + longName, "-" + shortName) { Description = description, DefaultValueFactory = _ => defaultValue };
}
