using System.Net;
using DeepSync.Web.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeepSync.Tests.Dashboard;

/// <summary>Account form posts are capped per client address; pages and other addresses are not affected.</summary>
public sealed class AccountRateLimitTests
{
    private static HttpContext Request(string method, string path, string address) => new DefaultHttpContext
    {
        Request = { Method = method, Path = path },
        Connection = { RemoteIpAddress = IPAddress.Parse(address) },
    };

    [Fact]
    public void The_fourth_post_in_a_minute_from_one_address_is_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(AccountRateLimits.Section, (string?)"3")]).Build();
        var services = new ServiceCollection().AddAccountRateLimits(configuration).BuildServiceProvider();
        var limiter = services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;

        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.AttemptAcquire(Request("POST", "/account/forgot-password", "192.0.2.10")).IsAcquired);
        }

        Assert.False(limiter.AttemptAcquire(Request("POST", "/account/login", "192.0.2.10")).IsAcquired);
        Assert.True(limiter.AttemptAcquire(Request("POST", "/account/login", "192.0.2.11")).IsAcquired);
        Assert.True(limiter.AttemptAcquire(Request("GET", "/account/login", "192.0.2.10")).IsAcquired);
        Assert.True(limiter.AttemptAcquire(Request("POST", "/ops/anything", "192.0.2.10")).IsAcquired);
    }
}
