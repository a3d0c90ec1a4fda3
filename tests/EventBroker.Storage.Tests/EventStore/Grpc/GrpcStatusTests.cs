using System.Net;
using EventBroker.Storage.EventStore.Grpc;
using EventBroker.Storage.Tests.EventStore.Recordings;

namespace EventBroker.Storage.Tests.EventStore.Grpc;

public sealed class GrpcStatusTests
{
    [Fact]
    public void A_trailers_only_block_gives_status_message_and_the_exception_keys()
    {
        var line = Recording.Load("21-cluster-not-leader-append").At(12);

        var status = GrpcStatus.TryRead(Headers(line))!;

        Assert.Equal(GrpcStatusCode.NotFound, status.Code);
        Assert.Equal("Leader info available", status.Message);
        Assert.Equal(("not-leader", "127.0.0.1", "2124"), (status["exception"], status["leader-endpoint-host"], status["leader-endpoint-port"]));
        Assert.Null(status["date"]);
    }

    [Fact]
    public void A_header_block_without_grpc_status_has_no_status()
        => Assert.Null(GrpcStatus.TryRead(Headers(Recording.Load("01-append-no-stream").At(8))));

    [Fact]
    public void Grpc_message_is_percent_decoded()
    {
        var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("grpc-status", "14");
        response.Headers.TryAddWithoutValidation("grpc-message", "Server%20Is%20Not%20Ready");

        Assert.Equal((GrpcStatusCode.Unavailable, "Server Is Not Ready"), (GrpcStatus.TryRead(response.Headers)!.Code, GrpcStatus.TryRead(response.Headers)!.Message));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, 12)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 14)]
    [InlineData(HttpStatusCode.Unauthorized, 16)]
    [InlineData(HttpStatusCode.UnsupportedMediaType, 2)]
    public void A_non_200_answer_without_grpc_status_maps_as_the_grpc_spec_says(HttpStatusCode http, int grpc)
        => Assert.Equal((GrpcStatusCode)grpc, GrpcStatus.FromHttpStatus(http).Code);

    internal static System.Net.Http.Headers.HttpResponseHeaders Headers(RecordedLine line)
    {
        var response = new HttpResponseMessage();
        foreach (var (name, value) in line.Headers.Where(h => !h.Key.StartsWith(':')))
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return response.Headers;
    }
}
