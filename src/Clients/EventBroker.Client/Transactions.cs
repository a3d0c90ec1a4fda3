namespace EventBroker.Client;

/// <summary>The outcome of a local transaction (Java's LocalTransactionState).</summary>
public enum TransactionState
{
    /// <summary>Deliver the half message to consumers.</summary>
    Commit,

    /// <summary>Discard the half message.</summary>
    Rollback,

    /// <summary>Not decided yet: the broker asks the producer group again later (CHECK_TRANSACTION_STATE).</summary>
    Unknown,
}

/// <summary>Runs the local transaction once the half message is stored; throwing counts as <see cref="TransactionState.Unknown"/>.</summary>
public delegate ValueTask<TransactionState> LocalTransaction(Message message, SendResult halfMessage, CancellationToken cancellationToken);

/// <summary>Answers the broker's check-back for a half message whose transaction was left unknown.</summary>
public delegate ValueTask<TransactionState> TransactionChecker(ReceivedMessage halfMessage, CancellationToken cancellationToken);

/// <summary>A transactional send: the half message's result and the state reported to the broker.</summary>
public sealed record TransactionSendResult(SendResult SendResult, TransactionState State);
