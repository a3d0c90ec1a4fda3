using EventBroker.Storage.EventStore.Protos.Streams;

namespace EventBroker.Storage.EventStore.Client;

/// <summary>
/// What an Append answered. A wrong expected version is an answer, not an error: it comes back with grpc-status 0.
/// Positions are those of the last event written; an idempotent repeat reports the original write's, unchanged.
/// </summary>
internal readonly record struct AppendOutcome(bool Succeeded, ulong? CurrentRevision, ulong? CommitPosition, ulong? PreparePosition)
{
    public static AppendOutcome From(AppendResp response)
    {
        switch (response.ResultCase)
        {
            case AppendResp.ResultOneofCase.Success:
                var success = response.Success;
                ulong? revision = success.CurrentRevisionOptionCase == AppendResp.Types.Success.CurrentRevisionOptionOneofCase.CurrentRevision
                    ? success.CurrentRevision
                    : null;
                return success.PositionOptionCase == AppendResp.Types.Success.PositionOptionOneofCase.Position
                    ? new AppendOutcome(true, revision, success.Position.CommitPosition, success.Position.PreparePosition)
                    : new AppendOutcome(true, revision, null, null);
            case AppendResp.ResultOneofCase.WrongExpectedVersion:
                var wrong = response.WrongExpectedVersion;
                // The current fields (6-11) first; servers before 21.x fill only the legacy ones.
                ulong? current = wrong.CurrentRevisionOptionCase switch
                {
                    AppendResp.Types.WrongExpectedVersion.CurrentRevisionOptionOneofCase.CurrentRevision => wrong.CurrentRevision,
                    AppendResp.Types.WrongExpectedVersion.CurrentRevisionOptionOneofCase.CurrentNoStream => null,
                    _ => wrong.CurrentRevisionOption2060Case == AppendResp.Types.WrongExpectedVersion.CurrentRevisionOption2060OneofCase.CurrentRevision2060
                        ? wrong.CurrentRevision2060
                        : null,
                };
                return new AppendOutcome(false, current, null, null);
            default:
                throw new FormatException("the AppendResp holds neither success nor wrong_expected_version");
        }
    }
}
