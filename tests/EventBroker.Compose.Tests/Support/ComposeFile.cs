using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace EventBroker.Compose.Tests.Support;

/// <summary>
/// A compose file as compose itself would see it: anchors and merge keys resolved, variables interpolated from the
/// given environment (none by default, so every variable takes its default). The raw tree is kept beside the
/// interpolated one for checks on how a value is written.
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(string path, Dictionary<string, object?> raw, Dictionary<string, object?> document, List<VariableUse> variables)
    {
        FilePath = path;
        Directory = System.IO.Path.GetDirectoryName(path)!;
        Raw = raw;
        Document = document;
        Variables = variables;
        ProjectName = document.TryGetValue("name", out var name) ? name as string : null;
        var rawServices = Yaml.Map(raw.GetValueOrDefault("services"), "services");
        Services = Yaml.Map(document.GetValueOrDefault("services"), "services")
            .ToDictionary(s => s.Key, s => new ComposeService(this, s.Key, Yaml.Map(rawServices[s.Key], s.Key), Yaml.Map(s.Value, s.Key)));
        DeclaredVolumes = document.TryGetValue("volumes", out var volumes) && volumes is not null
            ? Yaml.Map(volumes, "volumes").Keys.ToList()
            : [];
    }

    public string FilePath { get; }

    public string Directory { get; }

    public IReadOnlyDictionary<string, object?> Raw { get; }

    public IReadOnlyDictionary<string, object?> Document { get; }

    /// <summary>Every variable the file refers to, with its default.</summary>
    public IReadOnlyList<VariableUse> Variables { get; }

    public string? ProjectName { get; }

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public IReadOnlyList<string> DeclaredVolumes { get; }

    public static ComposeFile Load(string path, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var reader = new StreamReader(path);
        // MergingParser applies "<<: *anchor" the way compose does; the plain parser would leave "<<" as a key.
        var parser = new MergingParser(new Parser(reader));
        var tree = new DeserializerBuilder().Build().Deserialize<object>(parser)
            ?? throw new FormatException($"{path} is empty");
        var raw = Yaml.Map(Yaml.Normalize(tree), "the document");
        var variables = new List<VariableUse>();
        var document = Yaml.Map(Yaml.Interpolate(raw, environment ?? new Dictionary<string, string>(), variables), "the document");
        return new ComposeFile(path, raw, document, variables);
    }
}

/// <summary>One service of a <see cref="ComposeFile"/>: the fields the checks read, in their interpolated form.</summary>
public sealed class ComposeService
{
    internal ComposeService(ComposeFile file, string name, Dictionary<string, object?> raw, Dictionary<string, object?> map)
    {
        Name = name;
        Raw = raw;
        Map = map;
        Image = map.GetValueOrDefault("image") as string;
        Build = ReadBuild(file, map.GetValueOrDefault("build"));
        Environment = ReadEnvironment(map.GetValueOrDefault("environment"), name);
        RawEnvironment = ReadEnvironment(raw.GetValueOrDefault("environment"), name);
        Ports = ReadPorts(map.GetValueOrDefault("ports"), raw.GetValueOrDefault("ports"), name);
        Healthcheck = ReadHealthcheck(map.GetValueOrDefault("healthcheck"), name);
        DependsOn = ReadDependsOn(map.GetValueOrDefault("depends_on"), name);
        NamedVolumes = ReadNamedVolumes(map.GetValueOrDefault("volumes"), name);
        Command = ReadCommand(map.GetValueOrDefault("command"), name);
    }

    public string Name { get; }

    public IReadOnlyDictionary<string, object?> Raw { get; }

    public IReadOnlyDictionary<string, object?> Map { get; }

    public string? Image { get; }

    public BuildSpec? Build { get; }

    /// <summary>Interpolated values; a key listed without a value (passed through from the host) maps to null.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public IReadOnlyDictionary<string, string?> RawEnvironment { get; }

    public IReadOnlyList<PortMapping> Ports { get; }

    public Healthcheck? Healthcheck { get; }

    /// <summary>Service name → condition (<c>service_started</c> for the list form, as compose reads it).</summary>
    public IReadOnlyDictionary<string, string> DependsOn { get; }

    public IReadOnlyList<string> NamedVolumes { get; }

    public IReadOnlyList<string> Command { get; }

    private static BuildSpec? ReadBuild(ComposeFile file, object? build)
    {
        switch (build)
        {
            case null:
                return null;
            case string context:
                return BuildSpec.Create(file.Directory, context, null);
            default:
                var map = Yaml.Map(build, "build");
                var contextPath = map.GetValueOrDefault("context") as string ?? ".";
                return BuildSpec.Create(file.Directory, contextPath, map.GetValueOrDefault("dockerfile") as string);
        }
    }

    private static Dictionary<string, string?> ReadEnvironment(object? environment, string service)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (environment)
        {
            case null:
                break;
            case List<object?> list:
                foreach (var entry in list.Select(e => Yaml.Scalar(e, $"{service}.environment")))
                {
                    var eq = entry.IndexOf('=', StringComparison.Ordinal);
                    result.Add(eq < 0 ? entry : entry[..eq], eq < 0 ? null : entry[(eq + 1)..]);
                }
                break;
            default:
                foreach (var (key, value) in Yaml.Map(environment, $"{service}.environment"))
                {
                    result.Add(key, value is null ? null : Yaml.Scalar(value, $"{service}.environment.{key}"));
                }
                break;
        }
        return result;
    }

    private static List<PortMapping> ReadPorts(object? ports, object? rawPorts, string service)
    {
        if (ports is null)
        {
            return [];
        }
        var list = Yaml.List(ports, $"{service}.ports");
        var rawList = Yaml.List(rawPorts, $"{service}.ports");
        var result = new List<PortMapping>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is Dictionary<string, object?> longForm)
            {
                result.Add(PortMapping.ParseLong(Yaml.Scalars(longForm, $"{service}.ports"), Yaml.Scalars(Yaml.Map(rawList[i], service), $"{service}.ports")));
            }
            else
            {
                result.AddRange(PortMapping.ParseShort(Yaml.Scalar(list[i], $"{service}.ports"), Yaml.Scalar(rawList[i], $"{service}.ports")));
            }
        }
        return result;
    }

    private static Healthcheck? ReadHealthcheck(object? healthcheck, string service)
    {
        if (healthcheck is null)
        {
            return null;
        }
        var map = Yaml.Map(healthcheck, $"{service}.healthcheck");
        var disabled = map.GetValueOrDefault("disable") is string d && bool.TryParse(d, out var b) && b;
        var test = map.GetValueOrDefault("test") switch
        {
            null => [],
            // The string form runs in the container's shell, like CMD-SHELL.
            string shell => ["CMD-SHELL", shell],
            var list => Yaml.List(list, $"{service}.healthcheck.test").Select(t => Yaml.Scalar(t, $"{service}.healthcheck.test")).ToList(),
        };
        return new Healthcheck(test, disabled, Yaml.Scalars(map.Where(kv => kv.Key != "test").ToDictionary(), $"{service}.healthcheck"));
    }

    private static Dictionary<string, string> ReadDependsOn(object? dependsOn, string service) => dependsOn switch
    {
        null => [],
        List<object?> list => list.ToDictionary(e => Yaml.Scalar(e, $"{service}.depends_on"), _ => "service_started"),
        _ => Yaml.Map(dependsOn, $"{service}.depends_on").ToDictionary(
            kv => kv.Key,
            kv => kv.Value is null ? "service_started" : Yaml.Map(kv.Value, kv.Key).GetValueOrDefault("condition") as string ?? "service_started"),
    };

    private static List<string> ReadNamedVolumes(object? volumes, string service)
    {
        var result = new List<string>();
        foreach (var entry in volumes is null ? [] : Yaml.List(volumes, $"{service}.volumes"))
        {
            if (entry is Dictionary<string, object?> longForm)
            {
                if ((longForm.GetValueOrDefault("type") as string ?? "volume") == "volume" && longForm.GetValueOrDefault("source") is string source)
                {
                    result.Add(source);
                }
                continue;
            }
            var text = Yaml.Scalar(entry, $"{service}.volumes");
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            // A source that is a path (./x, /x, ~/x) is a bind mount; no source is an anonymous volume.
            if (colon > 0 && text[0] is not ('.' or '/' or '~'))
            {
                result.Add(text[..colon]);
            }
        }
        return result;
    }

    private static List<string> ReadCommand(object? command, string service) => command switch
    {
        null => [],
        string text => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList(),
        _ => Yaml.List(command, $"{service}.command").Select(c => Yaml.Scalar(c, $"{service}.command")).ToList(),
    };
}

public sealed record BuildSpec(string Context, string Dockerfile)
{
    /// <summary>Paths as compose resolves them: the context from the compose file's directory, the Dockerfile from the context.</summary>
    public static BuildSpec Create(string composeDirectory, string context, string? dockerfile)
    {
        var contextPath = Path.GetFullPath(Path.Combine(composeDirectory, context));
        return new BuildSpec(contextPath, Path.GetFullPath(Path.Combine(contextPath, dockerfile ?? "Dockerfile")));
    }
}

public sealed record Healthcheck(IReadOnlyList<string> Test, bool Disabled, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>The command line the container runs, whatever the form (CMD or CMD-SHELL).</summary>
    public string CommandText => string.Join(' ', Test.Skip(1));
}

/// <summary>Helpers over the untyped tree YamlDotNet builds (maps, lists, string scalars).</summary>
internal static class Yaml
{
    /// <summary>Maps with string keys, all the way down, so lookups need no casts.</summary>
    public static object? Normalize(object? node) => node switch
    {
        IDictionary<object, object?> map => map.ToDictionary(kv => Convert.ToString(kv.Key, System.Globalization.CultureInfo.InvariantCulture)!, kv => Normalize(kv.Value)),
        IList<object?> list => list.Select(Normalize).ToList(),
        _ => node,
    };

    public static object? Interpolate(object? node, IReadOnlyDictionary<string, string> environment, List<VariableUse> uses) => node switch
    {
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Interpolate(kv.Value, environment, uses)),
        List<object?> list => list.Select(e => Interpolate(e, environment, uses)).ToList(),
        string text => ComposeInterpolation.Interpolate(text, environment, uses),
        _ => node,
    };

    public static Dictionary<string, object?> Map(object? node, string where) =>
        node as Dictionary<string, object?> ?? throw new FormatException($"{where}: expected a mapping, found {Describe(node)}");

    public static List<object?> List(object? node, string where) =>
        node as List<object?> ?? throw new FormatException($"{where}: expected a sequence, found {Describe(node)}");

    public static string Scalar(object? node, string where) =>
        node as string ?? throw new FormatException($"{where}: expected a scalar, found {Describe(node)}");

    public static Dictionary<string, string> Scalars(Dictionary<string, object?> map, string where) =>
        map.ToDictionary(kv => kv.Key, kv => Scalar(kv.Value, $"{where}.{kv.Key}"));

    private static string Describe(object? node) => node switch
    {
        null => "nothing",
        Dictionary<string, object?> => "a mapping",
        List<object?> => "a sequence",
        _ => $"'{node}'",
    };
}
