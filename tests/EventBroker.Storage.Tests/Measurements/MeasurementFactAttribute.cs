namespace EventBroker.Storage.Tests.Measurements;

/// <summary>
/// A measurement, not a test: it runs only when <c>EVENTBROKER_MEASURE=1</c>, so the suite stays fast and no
/// assertion depends on the speed of a shared machine. Run it in Release:
/// <c>EVENTBROKER_MEASURE=1 dotnet test tests/EventBroker.Storage.Tests -c Release --filter Category=Measurement --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("EVENTBROKER_MEASURE") != "1")
        {
            Skip = "A measurement: set EVENTBROKER_MEASURE=1 to run it (in Release).";
        }
    }
}
