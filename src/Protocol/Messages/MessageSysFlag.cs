namespace EventBroker.Protocol.Messages;

/// <summary>Bits of a message's sysFlag (MessageSysFlag.java).</summary>
public static class MessageSysFlag
{
    public const int Compressed = 0x1;
    public const int MultiTags = 0x2;

    public const int TransactionNotType = 0;
    public const int TransactionPreparedType = 0x1 << 2;
    public const int TransactionCommitType = 0x2 << 2;
    public const int TransactionRollbackType = 0x3 << 2;
    /// <summary>Mask of the two transaction bits.</summary>
    public const int TransactionMask = TransactionRollbackType;

    /// <summary>The record's bornHost is 16 bytes of IPv6 (+ port) rather than 4 of IPv4.</summary>
    public const int BornHostV6 = 0x1 << 4;
    /// <summary>The record's storeHost is 16 bytes of IPv6 (+ port).</summary>
    public const int StoreHostV6 = 0x1 << 5;
    public const int NeedUnwrap = 0x1 << 6;
    public const int InnerBatch = 0x1 << 7;

    public const int CompressionLz4 = 0x1 << 8;
    public const int CompressionZstd = 0x2 << 8;
    public const int CompressionZlib = 0x3 << 8;
    public const int CompressionTypeMask = 0x7 << 8;

    public static int GetTransactionValue(int sysFlag) => sysFlag & TransactionMask;

    public static int ResetTransactionValue(int sysFlag, int type) => (sysFlag & ~TransactionMask) | type;

    public static int ClearCompressedFlag(int sysFlag) => sysFlag & ~Compressed;

    public static bool IsCompressed(int sysFlag) => (sysFlag & Compressed) != 0;

    /// <summary>1 LZ4, 2 ZSTD, 3 ZLIB; 0 (older clients) also means ZLIB.</summary>
    public static int GetCompressionType(int sysFlag) => (sysFlag & CompressionTypeMask) >> 8;
}
