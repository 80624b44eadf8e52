using System.Text.Json.Serialization;

namespace DeepSync.Web.NodeApi;

/// <summary>The egress guard's answer; on a denial, how many strikes the owner has now and whether that suspended their nodes.</summary>
public sealed record EgressCheckResponse(
    [property: JsonPropertyName("allowed")] bool Allowed,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("rule")] string? Rule,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("strikes_in_24h")] int? StrikesIn24Hours,
    [property: JsonPropertyName("suspended")] bool Suspended);
