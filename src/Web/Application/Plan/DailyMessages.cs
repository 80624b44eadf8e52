namespace DeepSync.Web.Application.Plan;

/// <summary>Messages of one day: what people sent the teammates and what the teammates answered.</summary>
public sealed record DailyMessages(DateOnly Day, long Sent, long Replies);
