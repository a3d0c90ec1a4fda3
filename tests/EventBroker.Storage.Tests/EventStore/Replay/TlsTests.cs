using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EventBroker.Storage.EventStore.Client;
using EventBroker.Storage.Tests.EventStore.Recordings;
using EventBroker.Storage.Tests.Support;

namespace EventBroker.Storage.Tests.EventStore.Replay;

/// <summary>
/// The secure mode (EventStoreDB's default): HTTP/2 over TLS with ALPN h2, against a Kestrel endpoint with a
/// self-signed certificate for 127.0.0.1, and Basic credentials, which go only over TLS.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = SelfSigned();
    private readonly TempDirectory _directory = new();
    private RecordedEventStoreServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordedEventStoreServer.StartAsync(certificate: _certificate);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Without_verification_a_self_signed_node_is_reached_and_gets_basic_credentials()
    {
        _server.Replay(Recording.Load("14-gossip-discovery"), 1);
        await using var client = ClientStateMachineTests.Client($"esdb://admin:changeit@127.0.0.1:{_server.Ports[0]}?tlsVerifyCert=false");

        var cluster = await client.ReadGossipAsync(default);

        Assert.Single(cluster.Members);
        Assert.Equal("Basic YWRtaW46Y2hhbmdlaXQ=", Assert.Single(_server.Received).Header("authorization"));
    }

    [Fact]
    public async Task A_certificate_nobody_trusts_fails_as_unavailable_naming_the_node()
    {
        await using var client = ClientStateMachineTests.Client($"esdb://127.0.0.1:{_server.Ports[0]}", new ResilienceOptions { MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<NodeUnavailableException>(() => client.ReadAsync(StreamsRequests.ReadStream("s", null, false, 1), long.MaxValue, false, default));

        Assert.Contains($"127.0.0.1:{_server.Ports[0]}", error.Message);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task A_ca_file_makes_the_node_trusted()
    {
        var caFile = _directory.File("ca.pem");
        await File.WriteAllTextAsync(caFile, _certificate.ExportCertificatePem());
        _server.Replay(Recording.Load("14-gossip-discovery"), 1);
        await using var client = ClientStateMachineTests.Client($"esdb://127.0.0.1:{_server.Ports[0]}?tlsCaFile={Uri.EscapeDataString(caFile)}");

        var cluster = await client.ReadGossipAsync(default);

        Assert.Single(cluster.Members);
    }

    [Fact]
    public void A_ca_file_that_is_not_a_certificate_is_a_bad_setting()
    {
        var notACertificate = _directory.File("ca.pem");
        File.WriteAllText(notACertificate, "not a certificate");

        var ex = Assert.Throws<FormatException>(() => ClientStateMachineTests.Client($"esdb://127.0.0.1:{_server.Ports[0]}?tlsCaFile={Uri.EscapeDataString(notACertificate)}"));

        Assert.Contains("tlsCaFile", ex.Message);
    }

    [Fact]
    public async Task Credentials_never_travel_in_clear_text()
    {
        await using var plain = await RecordedEventStoreServer.StartAsync();
        plain.Replay(Recording.Load("14-gossip-discovery"), 1);
        await using var client = ClientStateMachineTests.Client($"esdb://admin:changeit@127.0.0.1:{plain.Ports[0]}?tls=false");

        await client.ReadGossipAsync(default);

        Assert.Null(Assert.Single(plain.Received).Header("authorization"));
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=eventbroker-test-node", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form the platform's TLS can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
