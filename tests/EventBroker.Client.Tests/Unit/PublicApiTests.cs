using System.Reflection;
using EventBroker.Protocol;

namespace EventBroker.Client.Tests.Unit;

/// <summary>
/// The package ships EventBroker.Protocol inside it rather than as a dependency, so no public signature may use one of
/// its types: the protocol can then change without breaking the client's callers.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void No_public_signature_uses_a_protocol_type()
    {
        var protocol = typeof(RemotingCommand).Assembly;
        var leaks = new List<string>();
        foreach (var type in typeof(EventBrokerClient).Assembly.GetExportedTypes())
        {
            foreach (var (where, used) in Signatures(type))
            {
                if (Expand(used).Any(t => t.Assembly == protocol))
                {
                    leaks.Add($"{type.Name}.{where}: {used}");
                }
            }
        }
        Assert.Empty(leaks);
    }

    private static IEnumerable<(string Where, Type Used)> Signatures(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return ("base", baseType);
        }
        foreach (var contract in type.GetInterfaces())
        {
            yield return ("implements", contract);
        }
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var member in type.GetMembers(flags))
        {
            switch (member)
            {
                case PropertyInfo property:
                    yield return (property.Name, property.PropertyType);
                    break;
                case FieldInfo field:
                    yield return (field.Name, field.FieldType);
                    break;
                case MethodBase method:
                    if (method is MethodInfo info)
                    {
                        yield return (method.Name, info.ReturnType);
                    }
                    foreach (var parameter in method.GetParameters())
                    {
                        yield return ($"{method.Name}({parameter.Name})", parameter.ParameterType);
                    }
                    break;
            }
        }
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        var element = type.HasElementType ? type.GetElementType() : null;
        foreach (var inner in (element is null ? [] : new[] { element }).Concat(type.IsGenericType ? type.GetGenericArguments() : []))
        {
            foreach (var nested in Expand(inner))
            {
                yield return nested;
            }
        }
    }
}
