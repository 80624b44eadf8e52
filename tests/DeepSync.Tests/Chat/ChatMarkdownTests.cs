using DeepSync.Web.Conversations;

namespace DeepSync.Tests.Chat;

/// <summary>Agent replies are untrusted text: Markdown renders, HTML and script targets never do.</summary>
public sealed class ChatMarkdownTests
{
    [Fact]
    public void A_script_tag_stays_text()
    {
        var html = ChatMarkdown.ToHtml("Look: <script>alert('x')</script> and <img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt;", html);
    }

    [Fact]
    public void Markdown_renders_and_links_carry_nofollow_noopener()
    {
        var html = ChatMarkdown.ToHtml("**bold** and `code` and [docs](https://docs.letta.com) and https://example.org");

        Assert.Contains("<strong>bold</strong>", html);
        Assert.Contains("<code>code</code>", html);
        Assert.Contains("href=\"https://docs.letta.com\"", html);
        Assert.Contains("href=\"https://example.org\"", html);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "rel=\"nofollow noopener noreferrer\"").Count);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[img](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x](//evil.example/path)")]
    public void Script_and_data_targets_are_neutralised(string markdown)
    {
        var html = ChatMarkdown.ToHtml(markdown);

        Assert.DoesNotContain("javascript:", html.Replace("&gt;", ">"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"//", html, StringComparison.OrdinalIgnoreCase);
    }
}
