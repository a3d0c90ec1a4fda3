using System.Diagnostics;

namespace EventBroker.Storage.Tests.Support;

/// <summary>
/// Makes files and directories read-only for real, root included: permission bits stop other users, and for root
/// (who ignores them, as in many containers) the immutable attribute (<c>chattr +i</c>) does the same job.
/// </summary>
public static class ReadOnlyFiles
{
    private static readonly Lazy<string?> Unsupported = new(Probe);

    /// <summary>Why read-only files cannot be made here, or null when they can.</summary>
    public static string? WhyUnsupported => Unsupported.Value;

    public static void MakeReadOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("read-only files are made with Unix permissions and chattr");
        }
        var isDirectory = Directory.Exists(path);
        File.SetUnixFileMode(path, isDirectory
            ? UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        if (Environment.IsPrivilegedProcess && !Chattr("+i", path))
        {
            throw new InvalidOperationException($"chattr +i {path} failed; run the test as a non-root user or on a file system with immutable attributes");
        }
    }

    public static void MakeWritable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        if (Environment.IsPrivilegedProcess)
        {
            Chattr("-i", path);
        }
        var isDirectory = Directory.Exists(path);
        if (isDirectory || File.Exists(path))
        {
            File.SetUnixFileMode(path, (isDirectory ? UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute : 0)
                | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private static string? Probe()
    {
        if (OperatingSystem.IsWindows())
        {
            return "read-only files are made with Unix permissions and chattr";
        }
        var directory = Path.Combine(Path.GetTempPath(), "eventbroker-readonly-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "probe");
        File.WriteAllText(file, "probe");
        try
        {
            MakeReadOnly(file);
            try
            {
                using var _ = File.OpenWrite(file);
                return "this process can still write a read-only file (root without chattr)";
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                return null;
            }
        }
        catch (Exception ex)
        {
            return ex.Message;
        }
        finally
        {
            MakeWritable(file);
            Directory.Delete(directory, recursive: true);
        }
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>A fact that is skipped where read-only files cannot be made (see <see cref="ReadOnlyFiles"/>).</summary>
public sealed class ReadOnlyFilesFactAttribute : FactAttribute
{
    public ReadOnlyFilesFactAttribute()
    {
        if (ReadOnlyFiles.WhyUnsupported is { } reason)
        {
            Skip = $"Needs read-only files: {reason}";
        }
    }
}
