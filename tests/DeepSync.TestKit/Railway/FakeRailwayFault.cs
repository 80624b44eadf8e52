namespace DeepSync.Tests.Railway;

/// <summary>What the fake Railway does instead of (or around) answering a request.</summary>
public enum FakeRailwayFaultKind
{
    /// <summary>429 with a Retry-After header; nothing is done.</summary>
    TooManyRequests,

    /// <summary>500; nothing is done.</summary>
    ServerError,

    /// <summary>Holds the request without doing anything until the client gives up (or the time passes).</summary>
    Hang,

    /// <summary>Does the work, then holds the answer until the client gives up: the answer is lost.</summary>
    AnswerLost,

    /// <summary>200 with a GraphQL <c>errors</c> entry carrying <see cref="FakeRailwayFault.Message"/>; nothing is done.</summary>
    GraphQLError,
}

/// <summary>A fault the fake Railway injects into one request.</summary>
public sealed record FakeRailwayFault(FakeRailwayFaultKind Kind, TimeSpan Duration = default, string? Message = null)
{
    public static FakeRailwayFault TooManyRequests(TimeSpan retryAfter) => new(FakeRailwayFaultKind.TooManyRequests, retryAfter);

    public static FakeRailwayFault ServerError() => new(FakeRailwayFaultKind.ServerError);

    public static FakeRailwayFault Hang(TimeSpan duration) => new(FakeRailwayFaultKind.Hang, duration);

    public static FakeRailwayFault AnswerLost(TimeSpan duration) => new(FakeRailwayFaultKind.AnswerLost, duration);

    public static FakeRailwayFault GraphQLError(string message) => new(FakeRailwayFaultKind.GraphQLError, Message: message);
}
