namespace EventBroker.Client.Internal.Consuming;

/// <summary>Hands pulled messages to the handler and settles their offsets (ConsumeMessageService).</summary>
internal interface IConsumeService
{
    /// <param name="dispatch">From <see cref="ProcessQueue.Put"/>: whether an orderly consume loop must start.</param>
    void Submit(IReadOnlyList<ReceivedMessage> messages, ProcessQueue queue, bool dispatch);
}
