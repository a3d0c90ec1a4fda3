namespace EventBroker.Cli.Infrastructure;

/// <summary>A failure the user can act on; its message is printed as the command's one-line error.</summary>
internal sealed class AdminException : Exception
{
    public AdminException(string message)
        : base(message)
    {
    }

    public AdminException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
