using System.Text.Json;

namespace DeepSync.Tests.Railway;

/// <summary>A request the fake Railway received: when, which root field, the document and variables, and the status answered.</summary>
public sealed record FakeRailwayRequest(
    TimeSpan At,
    string RootField,
    string Query,
    string? OperationName,
    JsonElement Variables,
    int Status,
    FakeRailwayFaultKind? Fault);
