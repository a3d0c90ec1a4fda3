using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EventBroker.Gateway.Acl;

/// <summary>A plain_acl.yml that cannot be used; the message names the line and what to write instead.</summary>
public sealed class AclConfigException : Exception
{
    public AclConfigException()
        : base("the ACL file is invalid")
    {
    }

    public AclConfigException(string message)
        : base(message)
    {
    }

    public AclConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Reads RocketMQ's plain_acl.yml shape: <c>globalWhiteRemoteAddresses</c> (list of address patterns) and
/// <c>accounts</c> (accessKey, secretKey, whiteRemoteAddress, admin, defaultTopicPerm, defaultGroupPerm, topicPerms,
/// groupPerms). Stricter than RocketMQ where it would silently deny: an unknown permission word is an error rather
/// than DENY. Keys RocketMQ writes itself (dataVersion) and unknown keys are ignored, the latter with a warning.
/// </summary>
public static class PlainAclFile
{
    // RocketMQ's checkPlainAccessConfig: both keys must be longer than 6 characters.
    private const int MinKeyLength = 7;

    private static readonly HashSet<string> AccountKeys = new(StringComparer.Ordinal)
    {
        "accessKey", "secretKey", "whiteRemoteAddress", "admin", "defaultTopicPerm", "defaultGroupPerm", "topicPerms", "groupPerms",
    };

    /// <exception cref="AclConfigException">The text is not a usable plain_acl.yml.</exception>
    public static (AclRules Rules, IReadOnlyList<string> Warnings) Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new AclConfigException($"{source} line {ex.Start.Line}: not valid YAML: {ex.InnerException?.Message ?? ex.Message}", ex);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new AclConfigException($"{source} is empty: write at least 'accounts:' (an empty list refuses every signed request)");
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new AclConfigException($"{source} line {stream.Documents[0].RootNode.Start.Line}: expected keys globalWhiteRemoteAddresses and accounts at the top level");
        }
        var warnings = new List<string>();
        var globals = new List<RemoteAddressPattern>();
        var accounts = new Dictionary<string, AclAccount>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            switch (Scalar(keyNode))
            {
                case "globalWhiteRemoteAddresses":
                    foreach (var item in Sequence(value, source, "globalWhiteRemoteAddresses"))
                    {
                        globals.Add(Address(item, source));
                    }
                    break;
                case "accounts":
                    foreach (var item in Sequence(value, source, "accounts"))
                    {
                        var account = Account(item, source, warnings);
                        if (!accounts.TryAdd(account.AccessKey, account))
                        {
                            // RocketMQ keeps the last one too.
                            warnings.Add($"{source} line {item.Start.Line}: accessKey {account.AccessKey} is defined twice; the last definition is used");
                            accounts[account.AccessKey] = account;
                        }
                    }
                    break;
                case "dataVersion":
                    break;
                case var other:
                    warnings.Add($"{source} line {keyNode.Start.Line}: unknown key '{other}' ignored");
                    break;
            }
        }
        return (new AclRules(globals, accounts, source), warnings);
    }

    private static AclAccount Account(YamlNode node, string source, List<string> warnings)
    {
        if (node is not YamlMappingNode map)
        {
            throw new AclConfigException($"{source} line {node.Start.Line}: an account is a map of accessKey, secretKey, … entries");
        }
        string? accessKey = null, secretKey = null, white = null, defaultTopic = null, defaultGroup = null;
        YamlNode? whiteNode = null;
        var admin = false;
        var perms = new Dictionary<string, byte>(StringComparer.Ordinal);
        var line = node.Start.Line;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = Scalar(keyNode);
            switch (key)
            {
                case "accessKey": accessKey = Text(value, source, key); break;
                case "secretKey": secretKey = Text(value, source, key); break;
                case "whiteRemoteAddress":
                    white = Text(value, source, key);
                    whiteNode = value;
                    break;
                case "defaultTopicPerm": defaultTopic = Text(value, source, key); break;
                case "defaultGroupPerm": defaultGroup = Text(value, source, key); break;
                case "admin":
                    var flag = Text(value, source, key);
                    if (flag is not null && !bool.TryParse(flag, out admin))
                    {
                        throw new AclConfigException($"{source} line {value.Start.Line}: admin is '{flag}'; write true or false");
                    }
                    break;
                case "topicPerms" or "groupPerms":
                    foreach (var item in Sequence(value, source, key))
                    {
                        var (resource, perm) = ResourcePerm(item, source, key);
                        perms[key == "topicPerms" ? resource : AclAccount.RetryPrefix + resource] = perm;
                    }
                    break;
                default:
                    warnings.Add($"{source} line {keyNode.Start.Line}: unknown account key '{key}' ignored (known: {string.Join(", ", AccountKeys)})");
                    break;
            }
        }
        if (accessKey is null || secretKey is null || accessKey.Length < MinKeyLength || secretKey.Length < MinKeyLength)
        {
            throw new AclConfigException(
                $"{source} line {line}: the account needs an accessKey and a secretKey of at least {MinKeyLength} characters each (as RocketMQ requires)");
        }
        return new AclAccount(accessKey, secretKey, Address(white, whiteNode, source, line), admin,
            DefaultPerm(defaultTopic, source, line, "defaultTopicPerm"), DefaultPerm(defaultGroup, source, line, "defaultGroupPerm"), perms);
    }

    // A missing default is DENY, as in RocketMQ.
    private static byte DefaultPerm(string? text, string source, long line, string key)
    {
        if (text is null)
        {
            return AclPermission.Deny;
        }
        if (!AclPermission.TryParse(text, out var perm))
        {
            throw new AclConfigException($"{source} account at line {line}: {key} is '{text}'; write DENY, PUB, SUB or PUB|SUB");
        }
        return perm;
    }

    private static (string Resource, byte Perm) ResourcePerm(YamlNode item, string source, string key)
    {
        var text = Text(item, source, key) ?? "";
        var parts = text.Split('=', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            throw new AclConfigException($"{source} line {item.Start.Line}: {key} entry '{text}' is not NAME=PERM, e.g. topicA=PUB|SUB");
        }
        if (!AclPermission.TryParse(parts[1], out var perm))
        {
            throw new AclConfigException($"{source} line {item.Start.Line}: {key} entry '{text}' has permission '{parts[1]}'; write DENY, PUB, SUB or PUB|SUB");
        }
        return (parts[0], perm);
    }

    private static RemoteAddressPattern Address(YamlNode item, string source) =>
        Address(Text(item, source, "globalWhiteRemoteAddresses"), item, source, item.Start.Line);

    private static RemoteAddressPattern Address(string? text, YamlNode? value, string source, long line)
    {
        try
        {
            return RemoteAddressPattern.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new AclConfigException($"{source} line {value?.Start.Line ?? line}: {ex.Message}", ex);
        }
    }

    private static IEnumerable<YamlNode> Sequence(YamlNode node, string source, string key) => node switch
    {
        YamlSequenceNode sequence => sequence.Children,
        YamlScalarNode scalar when IsNull(scalar) => [],
        _ => throw new AclConfigException($"{source} line {node.Start.Line}: {key} must be a list, e.g. [\"a\", \"b\"] or '- a' lines"),
    };

    private static string? Text(YamlNode node, string source, string key) => node switch
    {
        YamlScalarNode scalar when IsNull(scalar) => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new AclConfigException($"{source} line {node.Start.Line}: {key} must be a single value"),
    };

    private static string Scalar(YamlNode node) => node is YamlScalarNode { Value: { } value } ? value : "";

    // An empty value, ~ or null (unquoted) is YAML's null.
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";
}
