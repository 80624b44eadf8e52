using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;

namespace DeepSync.Web.Conversations;

/// <summary>
/// Renders chat text (the agent's replies, the user's own messages) as Markdown that is safe to put
/// in the page: raw HTML is shown as text, links may only point to http(s) or mail addresses and are
/// marked <c>nofollow noopener</c>. An agent's reply is untrusted input — it may quote anything.
/// </summary>
public static class ChatMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .UseReferralLinks("nofollow", "noopener", "noreferrer")
        .DisableHtml()
        .Build();

    /// <summary>The HTML of <paramref name="markdown"/>, ready for a <see cref="MarkupString"/>.</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return string.Empty;
        }

        var document = Markdown.Parse(markdown, Pipeline);

        // DisableHtml keeps tags out, but a link's target is still whatever the text says; a
        // javascript: or data: target would run in the dashboard's origin when clicked.
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!IsSafeTarget(link.Url))
            {
                link.Url = "#";
            }
        }

        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!link.IsEmail && !IsSafeTarget(link.Url))
            {
                link.Url = "#";
            }
        }

        return document.ToHtml(Pipeline);
    }

    /// <summary>The rendered Markdown as markup for a Razor component.</summary>
    public static MarkupString ToMarkup(string? markdown) => new(ToHtml(markdown));

    private static bool IsSafeTarget(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.RelativeOrAbsolute, out var uri))
        {
            return false;
        }

        // A relative target stays on the dashboard; an absolute one must be web or mail.
        return !uri.IsAbsoluteUri
            ? !url.TrimStart().StartsWith("//", StringComparison.Ordinal) && !url.Contains(':', StringComparison.Ordinal)
            : uri.Scheme is "http" or "https" or "mailto";
    }
}
