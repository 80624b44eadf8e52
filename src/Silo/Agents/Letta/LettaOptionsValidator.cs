using Microsoft.Extensions.Options;

namespace DeepSync.Silo.Agents.Letta;

/// <summary>
/// Start-up validation of <see cref="LettaOptions"/>; every message names the setting and its
/// environment variable. The API key's value never appears in a message.
/// </summary>
public sealed class LettaOptionsValidator : IValidateOptions<LettaOptions>
{
    private static readonly TimeSpan LongestRequestTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LongestApprovalWait = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, LettaOptions options)
    {
        var failures = new List<string>();
        var baseUrlValid = true;
        if (!string.IsNullOrWhiteSpace(options.BaseUrl)
            && (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            baseUrlValid = false;
            failures.Add($"DeepSync:Letta:BaseUrl (DeepSync__Letta__BaseUrl) must be an absolute http(s) URL such as {LettaOptions.CloudUrl}, not '{options.BaseUrl}'.");
        }

        if (baseUrlValid && options.IsCloud && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"DeepSync:Letta:ApiKey (DeepSync__Letta__ApiKey) must be set to a Letta API key to use Letta Cloud ({LettaOptions.CloudUrl}).");
        }

        if (options.ApiKey is { Length: > 0 } key && (key.Trim() != key || key.Any(char.IsControl)))
        {
            // The key itself is never echoed: it is a secret even when it is malformed.
            failures.Add("DeepSync:Letta:ApiKey (DeepSync__Letta__ApiKey) must not contain spaces, line breaks or other control characters.");
        }

        if (!IsHandle(options.Model))
        {
            failures.Add($"DeepSync:Letta:Model (DeepSync__Letta__Model) must be a model handle 'provider/model-name' such as openai/gpt-4o-mini, not '{options.Model}'.");
        }

        if (!IsHandle(options.Embedding))
        {
            failures.Add($"DeepSync:Letta:Embedding (DeepSync__Letta__Embedding) must be an embedding handle 'provider/model-name' such as openai/text-embedding-3-small, not '{options.Embedding}'.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > LongestRequestTimeout)
        {
            failures.Add($"DeepSync:Letta:RequestTimeout (DeepSync__Letta__RequestTimeout) must be more than zero and at most {LongestRequestTimeout:c}, not {options.RequestTimeout:c}.");
        }

        if (options.ApprovalDenyAfter < TimeSpan.Zero || options.ApprovalDenyAfter > LongestApprovalWait)
        {
            failures.Add($"DeepSync:Letta:ApprovalDenyAfter (DeepSync__Letta__ApprovalDenyAfter) must be zero or more and at most {LongestApprovalWait:c}, not {options.ApprovalDenyAfter:c}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHandle(string? handle) =>
        handle is { Length: > 2 } && handle.IndexOf('/') is > 0 and var slash && slash < handle.Length - 1 && !handle.Any(char.IsWhiteSpace);
}
