namespace EventBroker.Gateway.Acl;

/// <summary>
/// RocketMQ's plain ACL permission bits (acl/common/Permission.java): DENY wins over everything, ANY is satisfied
/// by PUB or SUB, otherwise the needed bit must be owned.
/// </summary>
public static class AclPermission
{
    public const byte Deny = 1;
    public const byte Any = 1 << 1;
    public const byte Pub = 1 << 2;
    public const byte Sub = 1 << 3;

    public static bool Check(byte needed, byte owned)
    {
        if ((owned & Deny) != 0)
        {
            return false;
        }
        if ((needed & Any) != 0)
        {
            return (owned & (Pub | Sub)) != 0;
        }
        return (needed & owned) != 0;
    }

    /// <summary>DENY, PUB, SUB, PUB|SUB or SUB|PUB (surrounding blanks ignored); anything else is not a permission.</summary>
    public static bool TryParse(string? text, out byte permission)
    {
        permission = Deny;
        switch (text?.Trim())
        {
            case "DENY":
                return true;
            case "PUB":
                permission = Pub;
                return true;
            case "SUB":
                permission = Sub;
                return true;
            case "PUB|SUB" or "SUB|PUB":
                permission = Pub | Sub;
                return true;
            default:
                return false;
        }
    }

    public static string Name(byte permission) => permission switch
    {
        Pub => "PUB",
        Sub => "SUB",
        Pub | Sub => "PUB|SUB",
        Any => "PUB or SUB",
        _ => "DENY",
    };
}
