using System.Net;
using EventBroker.MassTransit.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EventBroker.MassTransit.Tests;

/// <summary>IRequestClient over the bus's temporary reply endpoint (an instance-unique topic and group, deleted when the bus stops).</summary>
[Collection(GatewayCollection.Name)]
public sealed class RequestReply_Specs(GatewayFixture gateway)
{
    [Fact]
    public async Task Should_return_the_response_a_fault_and_a_timeout_to_the_requester()
    {
        var endpoint = GatewayFixture.Unique("responder");
        await using var bus = await TestBus.StartAsync(gateway.Host, x =>
        {
            x.AddConsumer<Responder>().Endpoint(e => e.Name = endpoint);
            x.AddRequestClient<PingRequest>(new Uri($"queue:{endpoint}"));
        });
        using var scope = bus.Provider.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<IRequestClient<PingRequest>>();

        var id = Guid.NewGuid();
        var response = await client.GetResponse<PongResponse>(new PingRequest(id, Fail: false));
        Assert.Equal(id, response.Message.Id);
        Assert.Equal(bus.Bus.Address, response.DestinationAddress);

        var fault = await Assert.ThrowsAsync<RequestFaultException>(() => client.GetResponse<PongResponse>(new PingRequest(Guid.NewGuid(), Fail: true)));
        Assert.Contains("the responder failed", fault.Message);

        var nobody = bus.Bus.CreateRequestClient<PingRequest>(new Uri($"queue:{GatewayFixture.Unique("nobody")}"), RequestTimeout.After(s: 2));
        await Assert.ThrowsAsync<RequestTimeoutException>(() => nobody.GetResponse<PongResponse>(new PingRequest(Guid.NewGuid(), Fail: false)));

        // The reply topic is the bus's own, and goes away with it (seen through the gateway's admin API).
        var replyTopic = bus.Bus.Address.AbsolutePath.Trim('/');
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.Host.HttpPort}/") };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"api/topics/{Uri.EscapeDataString(replyTopic)}")).StatusCode);
        await bus.DisposeAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"api/topics/{Uri.EscapeDataString(replyTopic)}")).StatusCode);
    }
}
