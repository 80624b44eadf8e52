namespace DeepSync.Web.Components;

/// <summary>The theme this browser asked for, cascaded from the cookie to the layouts.</summary>
public sealed record ThemeChoice(bool Dark);
