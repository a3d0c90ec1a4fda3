using Microsoft.Extensions.Logging;

namespace EventBroker.Routing.InProcess;

internal static partial class InProcessRoutingLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Routing state file {Path} is unusable ({Reason}); loaded its backup {BackupPath} and restored the file from it")]
    public static partial void RestoredFromBackup(ILogger logger, string path, string reason, string backupPath);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Kept the unusable routing state file as {CorruptPath} for inspection")]
    public static partial void KeptCorruptFile(ILogger logger, string corruptPath);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Could not write routing state file {Path}; will retry")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Could not write routing state file {Path} while closing the store; its latest changes are not on disk")]
    public static partial void FinalWriteFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "A subscriber of routing channel {Channel} threw; the message was still delivered to the others")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string channel);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Routing state loaded from {Directory}: {Topics} topics, {Groups} groups, {Offsets} offsets, {KvEntries} kv entries")]
    public static partial void Loaded(ILogger logger, string directory, int topics, int groups, int offsets, int kvEntries);
}
