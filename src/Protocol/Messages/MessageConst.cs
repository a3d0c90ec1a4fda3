namespace EventBroker.Protocol.Messages;

/// <summary>Message property keys (MessageConst.java, 4.9.4), named after their wire text. Properties travel as the string MessageProperties formats.</summary>
public static class MessageConst
{
    /// <summary>Space-separated business keys.</summary>
    public const string Keys = "KEYS";
    public const string Tags = "TAGS";
    /// <summary>waitStoreMsgOK: "true" unless the producer turned it off.</summary>
    public const string Wait = "WAIT";
    /// <summary>Delay level 1..18.</summary>
    public const string Delay = "DELAY";
    /// <summary>Original topic of a message on a %RETRY% topic.</summary>
    public const string RetryTopic = "RETRY_TOPIC";
    /// <summary>Target topic of a delayed or half (transactional) message.</summary>
    public const string RealTopic = "REAL_TOPIC";
    public const string RealQid = "REAL_QID";
    /// <summary>"true" on a transactional half message.</summary>
    public const string TranMsg = "TRAN_MSG";
    public const string PGroup = "PGROUP";
    /// <summary>Set by the client from the pull response header.</summary>
    public const string MinOffset = "MIN_OFFSET";
    public const string MaxOffset = "MAX_OFFSET";
    public const string BuyerId = "BUYER_ID";
    public const string OriginMessageId = "ORIGIN_MESSAGE_ID";
    public const string TransferFlag = "TRANSFER_FLAG";
    public const string CorrectionFlag = "CORRECTION_FLAG";
    public const string Mq2Flag = "MQ2_FLAG";
    public const string ReconsumeTime = "RECONSUME_TIME";
    public const string MsgRegion = "MSG_REGION";
    public const string TraceOn = "TRACE_ON";
    /// <summary>The client-generated message id (see <see cref="UniqueKey"/>).</summary>
    public const string UniqKey = "UNIQ_KEY";
    public const string MaxReconsumeTimes = "MAX_RECONSUME_TIMES";
    public const string ConsumeStartTime = "CONSUME_START_TIME";
    public const string TranPreparedQueueOffset = "TRAN_PREPARED_QUEUE_OFFSET";
    public const string TransactionCheckTimes = "TRANSACTION_CHECK_TIMES";
    public const string CheckImmunityTimeInSeconds = "CHECK_IMMUNITY_TIME_IN_SECONDS";
    public const string InstanceId = "INSTANCE_ID";
    /// <summary>Request-reply: the requester's correlation id.</summary>
    public const string CorrelationId = "CORRELATION_ID";
    /// <summary>Request-reply: the clientId the reply is pushed to.</summary>
    public const string ReplyToClient = "REPLY_TO_CLIENT";
    public const string Ttl = "TTL";
    public const string ArriveTime = "ARRIVE_TIME";
    public const string PushReplyTime = "PUSH_REPLY_TIME";
    /// <summary>Added by the broker to every stored message; the responder of a request picks the reply topic from it.</summary>
    public const string Cluster = "CLUSTER";
    /// <summary>"reply" on a reply message.</summary>
    public const string MsgType = "MSG_TYPE";
    public const string InnerMultiDispatch = "INNER_MULTI_DISPATCH";
    public const string InnerMultiQueueOffset = "INNER_MULTI_QUEUE_OFFSET";
    /// <summary>RocketMQ 5 timer messages: deliver at this epoch millisecond.</summary>
    public const string TimerDeliverMs = "TIMER_DELIVER_MS";
    /// <summary>RocketMQ 5 timer messages: deliver this many seconds after the broker received the message.</summary>
    public const string TimerDelaySec = "TIMER_DELAY_SEC";
    /// <summary>RocketMQ 5 timer messages: deliver this many milliseconds after the broker received the message.</summary>
    public const string TimerDelayMs = "TIMER_DELAY_MS";
    /// <summary>Added by the broker to a message in the timer wheel: the epoch millisecond it falls due.</summary>
    public const string TimerOutMs = "TIMER_OUT_MS";
    /// <summary>Added by the broker: when a timer message entered the wheel.</summary>
    public const string TimerEnqueueMs = "TIMER_ENQUEUE_MS";
    /// <summary>Added by the broker: when a timer message left the wheel for its real topic.</summary>
    public const string TimerDequeueMs = "TIMER_DEQUEUE_MS";
    /// <summary>
    /// RocketMQ 5: this message cancels a pending timer message instead of being delivered. Value
    /// <c>{realTopic}+{UNIQ_KEY}</c> of the message to cancel (TimerMessageStore.buildDeleteKey); the cancel carries
    /// the original's delivery time, so it lands in the same slot.
    /// </summary>
    public const string TimerDelUniqKey = "TIMER_DEL_UNIQKEY";

    /// <summary>Separates the keys inside <see cref="Keys"/>.</summary>
    public const string KeySeparator = " ";

    /// <summary>Between a property's name and its value.</summary>
    public const char NameValueSeparator = '\u0001';

    /// <summary>Between two properties.</summary>
    public const char PropertySeparator = '\u0002';
}
