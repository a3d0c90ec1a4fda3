using System.Text;
using System.Text.Json;

namespace EventBroker.Compose.Tests.Support;

/// <summary>One instruction: keyword, its flags (<c>--from=build</c>) and its arguments (exec form or words).</summary>
public sealed record DockerInstruction(string Keyword, IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Arguments, string Text, int Line, int Stage)
{
    /// <summary>True when the arguments were written as a JSON array (exec form).</summary>
    public bool IsExecForm { get; init; }
}

/// <summary>One <c>FROM</c> and what follows it up to the next.</summary>
public sealed record DockerStage(int Index, string BaseImage, string? Name, IReadOnlyList<DockerInstruction> Instructions);

/// <summary>
/// A Dockerfile read the way BuildKit reads it, for what the checks need: comments and parser directives dropped,
/// backslash continuations joined, instructions split into flags and arguments, and grouped into stages. Variables
/// are not expanded; the checks compare literal text.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions, IReadOnlyList<DockerStage> stages)
    {
        Instructions = instructions;
        Stages = stages;
    }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage FinalStage => Stages[^1];

    public static Dockerfile Load(string path) => Parse(File.ReadAllText(path));

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var stages = new List<(string Image, string? Name, List<DockerInstruction> Items)>();
        var pending = new StringBuilder();
        var startLine = 0;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n];
            var trimmed = line.TrimStart();
            // Comment and empty lines end nothing: inside a continuation they are skipped, as BuildKit does.
            if (trimmed.StartsWith('#') || trimmed.Length == 0)
            {
                continue;
            }
            if (pending.Length == 0)
            {
                startLine = n + 1;
            }
            var continues = line.TrimEnd().EndsWith('\\');
            pending.Append(continues ? line.TrimEnd()[..^1] : line).Append(' ');
            if (continues)
            {
                continue;
            }
            var instruction = ParseInstruction(pending.ToString().Trim(), startLine, stages.Count - 1);
            pending.Clear();
            if (instruction.Keyword == "FROM")
            {
                var args = instruction.Arguments;
                var name = args.Count >= 3 && args[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? args[2] : null;
                stages.Add((args[0], name, []));
                instruction = instruction with { Stage = stages.Count - 1 };
            }
            else if (stages.Count == 0 && instruction.Keyword != "ARG")
            {
                throw new FormatException($"line {startLine}: {instruction.Keyword} before the first FROM");
            }
            instructions.Add(instruction);
            if (stages.Count > 0)
            {
                stages[^1].Items.Add(instruction);
            }
        }
        if (pending.Length > 0)
        {
            throw new FormatException("the Dockerfile ends inside a line continuation");
        }
        return new Dockerfile(instructions, stages.Select((s, i) => new DockerStage(i, s.Image, s.Name, s.Items)).ToList());
    }

    private static DockerInstruction ParseInstruction(string text, int line, int stage)
    {
        var space = text.IndexOfAny([' ', '\t']);
        var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
        var rest = space < 0 ? "" : text[(space + 1)..].Trim();
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        // Flags come first (COPY --from=build, HEALTHCHECK --interval=10s); HEALTHCHECK's own CMD follows them.
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny([' ', '\t']);
            var flag = end < 0 ? rest : rest[..end];
            var eq = flag.IndexOf('=', StringComparison.Ordinal);
            flags[eq < 0 ? flag[2..] : flag[2..eq]] = eq < 0 ? "" : flag[(eq + 1)..];
            rest = end < 0 ? "" : rest[(end + 1)..].TrimStart();
        }
        if (keyword == "HEALTHCHECK" && rest.StartsWith("CMD", StringComparison.OrdinalIgnoreCase))
        {
            var (cmdArgs, cmdExec) = ParseArguments(rest[3..].Trim());
            return new DockerInstruction(keyword, flags, ["CMD", .. cmdArgs], text, line, stage) { IsExecForm = cmdExec };
        }
        var (arguments, exec) = ParseArguments(rest);
        return new DockerInstruction(keyword, flags, arguments, text, line, stage) { IsExecForm = exec };
    }

    private static (IReadOnlyList<string> Arguments, bool ExecForm) ParseArguments(string rest)
    {
        if (rest.StartsWith('['))
        {
            try
            {
                return (JsonSerializer.Deserialize<List<string>>(rest) ?? [], true);
            }
            catch (JsonException)
            {
                // Not valid JSON: Docker then treats the text as shell form, and so do we.
            }
        }
        return (rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries), false);
    }
}
