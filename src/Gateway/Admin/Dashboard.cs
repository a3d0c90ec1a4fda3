using System.Collections.Frozen;
using System.Reflection;

namespace EventBroker.Gateway.Admin;

/// <summary>
/// The dashboard: a single-page app of plain JS modules and CSS embedded in the gateway assembly (no CDN, no build
/// step), served at <c>/</c> and <c>/ui/*</c>. It only calls the admin API, which checks access itself; the page
/// is behind the same credentials so that a browser asks for them once.
/// </summary>
internal static class Dashboard
{
    private const string ResourcePrefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Asset name (e.g. "app.js") → bytes, read once from the assembly's manifest resources.</summary>
    private static readonly Lazy<FrozenDictionary<string, byte[]>> Assets = new(LoadAssets);

    public static void Map(WebApplication app)
    {
        app.MapGet("/", (HttpContext context, AdminAccess access) => Serve(context, access, "index.html")).ExcludeFromDescription();
        app.MapGet("/ui/{*asset}", (HttpContext context, AdminAccess access, string asset) => Serve(context, access, asset)).ExcludeFromDescription();
    }

    internal static IReadOnlyCollection<string> AssetNames => Assets.Value.Keys;

    private static IResult Serve(HttpContext context, AdminAccess access, string asset)
    {
        if (access.Check(context) is { } refused)
        {
            return refused;
        }
        if (!Assets.Value.TryGetValue(asset, out var bytes) || !ContentTypes.TryGetValue(Path.GetExtension(asset), out var type))
        {
            return Results.NotFound();
        }
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(bytes, type);
    }

    private static FrozenDictionary<string, byte[]> LoadAssets()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var assets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            assets[name[ResourcePrefix.Length..]] = copy.ToArray();
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
