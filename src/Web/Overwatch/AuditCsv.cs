using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepSync.Web.Application.Ledger;

namespace DeepSync.Web.Overwatch;

/// <summary>Writes ledger records as RFC 4180 CSV, neutralising cells a spreadsheet would run as formulas.</summary>
public static class AuditCsv
{
    public const string Header = "seq,occurred_at,action,initiator_kind,initiator_id,initiator_name,node_id,user_id,details";

    public static string Row(LedgerLine record) => string.Join(',',
        record.Sequence.ToString(CultureInfo.InvariantCulture),
        record.OccurredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        Cell(record.Action),
        Cell(record.InitiatorKind.ToString().ToLowerInvariant()),
        Cell(record.InitiatorId),
        Cell(record.InitiatorName),
        record.NodeId?.ToString() ?? string.Empty,
        record.UserId?.ToString() ?? string.Empty,
        Cell(JsonSerializer.Serialize(record.Details)));

    public static string Cell(string value)
    {
        // A leading =, +, - or @ would make Excel or Sheets evaluate user-chosen text (a node name) as a formula.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;
    }

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<LedgerLine> records, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync(Header);
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(Row(record));
        }
    }
}
