using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EventBroker.Gateway.Tests.Support;

namespace EventBroker.Gateway.Tests.Admin;

/// <summary>With aclEnable on, the admin API and dashboard need an admin account's accessKey/secretKey (HTTP Basic).</summary>
public sealed class AdminApiAccessTests : IAsyncLifetime
{
    private const string Acl = """
        accounts:
          - accessKey: producer01
            secretKey: producer-secret
            defaultTopicPerm: PUB
          - accessKey: operator01
            secretKey: operator-secret
            admin: true
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eb-admin-acl-" + Guid.NewGuid().ToString("N"));
    private TestGateway _gateway = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "plain_acl.yml");
        await File.WriteAllTextAsync(file, Acl);
        _gateway = await TestGateway.StartAsync("--Broker:aclEnable=true", $"--Broker:AclFile={file}");
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_gateway.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? user, string? password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
        return await _http.SendAsync(request);
    }

    [Theory]
    [InlineData("/api/topics")]
    [InlineData("/api/cluster")]
    [InlineData("/")]
    public async Task Anonymous_requests_are_refused_with_a_basic_challenge(string path)
    {
        using var response = await GetAsync(path, null, null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains("admin account from the ACL file", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_account_with_its_secret_key_gets_in()
    {
        using (var wrong = await GetAsync("/api/topics", "operator01", "guess"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using (var notAdmin = await GetAsync("/api/topics", "producer01", "producer-secret"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
            Assert.Contains("admin: true", await notAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var admin = await GetAsync("/api/topics", "operator01", "operator-secret");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }
}
