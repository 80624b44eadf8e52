using Microsoft.Extensions.Options;

namespace DeepSync.Silo.Agents.OpenAICompatible;

/// <summary>
/// Start-up validation of <see cref="OpenAICompatibleOptions"/>; every message names the setting and
/// its environment variable, and none repeats the API key.
/// </summary>
public sealed class OpenAICompatibleOptionsValidator : IValidateOptions<OpenAICompatibleOptions>
{
    private static readonly TimeSpan LongestRequestTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, OpenAICompatibleOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            failures.Add($"DeepSync:OpenAICompatible:BaseUrl (DeepSync__OpenAICompatible__BaseUrl) must be an absolute http(s) URL ending in the API version, such as http://localhost:8283/v1, not '{options.BaseUrl}'.");
        }

        if (string.IsNullOrWhiteSpace(options.AgentId))
        {
            failures.Add("DeepSync:OpenAICompatible:AgentId (DeepSync__OpenAICompatible__AgentId) must name the agent the server serves (its model name).");
        }

        if (options.ApiKey is { Length: > 0 } key && (key.Trim() != key || key.Any(char.IsControl)))
        {
            failures.Add("DeepSync:OpenAICompatible:ApiKey (DeepSync__OpenAICompatible__ApiKey) must not contain spaces, line breaks or other control characters.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > LongestRequestTimeout)
        {
            failures.Add($"DeepSync:OpenAICompatible:RequestTimeout (DeepSync__OpenAICompatible__RequestTimeout) must be more than zero and at most {LongestRequestTimeout:c}, not {options.RequestTimeout:c}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
