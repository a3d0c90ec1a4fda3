namespace EventBroker.Protocol;

/// <summary>Client language. Names are the wire form in JSON headers; values the byte in ROCKETMQ headers.</summary>
#pragma warning disable CA1707 // names are the wire form
public enum LanguageCode : byte
{
    JAVA = 0,
    CPP = 1,
    DOTNET = 2,
    PYTHON = 3,
    DELPHI = 4,
    ERLANG = 5,
    RUBY = 6,
    OTHER = 7,
    HTTP = 8,
    GO = 9,
    PHP = 10,
    OMS = 11,
    RUST = 12,
}
