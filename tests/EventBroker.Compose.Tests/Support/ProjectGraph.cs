using System.Xml.Linq;

namespace EventBroker.Compose.Tests.Support;

/// <summary>ProjectReference edges read from the csproj XML (no MSBuild evaluation: the projects use plain includes).</summary>
public static class ProjectGraph
{
    /// <summary>The project and every project it references, directly or not, as absolute paths.</summary>
    public static IReadOnlySet<string> Closure(string projectPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectPath)]);
        while (pending.Count > 0)
        {
            var project = pending.Pop();
            if (!seen.Add(project))
            {
                continue;
            }
            foreach (var reference in References(project))
            {
                pending.Push(reference);
            }
        }
        return seen;
    }

    public static IEnumerable<string> References(string projectPath)
    {
        if (!File.Exists(projectPath))
        {
            throw new FileNotFoundException($"project {projectPath} is referenced but does not exist", projectPath);
        }
        var directory = Path.GetDirectoryName(projectPath)!;
        return XDocument.Load(projectPath)
            .Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? throw new FormatException($"{projectPath}: a ProjectReference without Include"))
            .Select(include => Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();
    }

    /// <summary>
    /// The Directory.Build.props / Directory.Packages.props files MSBuild imports for a project: the nearest of each
    /// above it, and, for Directory.Build.props, the ones that import the next one up (GetPathOfFileAbove).
    /// </summary>
    public static IReadOnlySet<string> ImportedDirectoryFiles(string projectPath, string root)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(projectPath));
            while (dir is not null && dir.StartsWith(root, StringComparison.Ordinal))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    result.Add(candidate);
                    // A props file that imports the one above (as src/Directory.Build.props does) chains the search on.
                    if (!File.ReadAllText(candidate).Contains("GetPathOfFileAbove", StringComparison.Ordinal))
                    {
                        break;
                    }
                }
                dir = Path.GetDirectoryName(dir);
            }
        }
        return result;
    }
}
