using DeepSync.Agents;

namespace DeepSync.Silo.Agents.Offline;

/// <summary>
/// One offline agent's memory: the persona and human core blocks and a bounded list of archival
/// passages. Every member is safe to call from several threads.
/// </summary>
internal sealed class OfflineMemory
{
    /// <summary>Characters one core block holds (Letta's default for persona and human).</summary>
    public const int BlockLimit = 5_000;

    /// <summary>Passages one agent keeps.</summary>
    public const int MaxPassages = 1_000;

    /// <summary>Characters one passage holds.</summary>
    public const int MaxPassageLength = 10_000;

    private static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["persona"] = "Who the teammate is and how it behaves.",
        ["human"] = "What the teammate knows about the people it works with.",
    };

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _blocks = new(StringComparer.Ordinal) { ["persona"] = string.Empty, ["human"] = string.Empty };
    private readonly List<ArchivalPassage> _passages = [];
    private bool _seeded;
    private long _lastPassageNumber;

    /// <summary>Sets the blocks from the agent's spec the first time only; later edits are the user's and stay.</summary>
    public void Seed(string persona, string human)
    {
        lock (_gate)
        {
            if (_seeded)
            {
                return;
            }

            _blocks["persona"] = Truncate(persona);
            _blocks["human"] = Truncate(human);
            _seeded = true;
        }
    }

    public IReadOnlyList<MemoryBlock> Blocks()
    {
        lock (_gate)
        {
            return _blocks.Select(b => new MemoryBlock(b.Key, b.Value, BlockLimit, Descriptions[b.Key])).ToList();
        }
    }

    public MemoryBlock UpdateBlock(string label, string value)
    {
        if (!Descriptions.TryGetValue(label, out var description))
        {
            throw new AgentRuntimeException($"Offline memory has only the 'persona' and 'human' blocks, not '{label}'.");
        }

        if (value.Length > BlockLimit)
        {
            throw new AgentRuntimeException($"The '{label}' block holds at most {BlockLimit:N0} characters; this value has {value.Length:N0}.");
        }

        lock (_gate)
        {
            _blocks[label] = value;
            _seeded = true;
        }

        return new MemoryBlock(label, value, BlockLimit, description);
    }

    public IReadOnlyList<ArchivalPassage> Search(string? query, int limit)
    {
        limit = Math.Clamp(limit, 1, MaxPassages);
        lock (_gate)
        {
            // _passages is in insertion order, so reversing it is newest first.
            var newestFirst = Enumerable.Reverse(_passages);
            if (string.IsNullOrWhiteSpace(query))
            {
                return newestFirst.Take(limit).ToList();
            }

            var needle = query.Trim();
            return newestFirst
                .Select(p => (Passage: p, Hits: Occurrences(p.Text, needle) + p.Tags.Count(t => t.Contains(needle, StringComparison.OrdinalIgnoreCase))))
                .Where(m => m.Hits > 0)
                .OrderByDescending(m => m.Hits) // stable: equal hits stay newest first
                .Take(limit)
                .Select(m => m.Passage)
                .ToList();
        }
    }

    public ArchivalPassage Insert(string text, IReadOnlyList<string> tags, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new AgentRuntimeException("An archival passage needs some text.");
        }

        if (text.Length > MaxPassageLength)
        {
            throw new AgentRuntimeException($"An archival passage holds at most {MaxPassageLength:N0} characters; this one has {text.Length:N0}.");
        }

        lock (_gate)
        {
            if (_passages.Count >= MaxPassages)
            {
                throw new AgentRuntimeException($"Offline archival memory holds at most {MaxPassages:N0} passages; delete some, or configure Letta for more.");
            }

            var passage = new ArchivalPassage($"offline-passage-{++_lastPassageNumber}", text, tags.ToList(), now);
            _passages.Add(passage);
            return passage;
        }
    }

    public void Delete(string passageId)
    {
        lock (_gate)
        {
            _passages.RemoveAll(p => p.Id == passageId);
        }
    }

    private static int Occurrences(string text, string needle)
    {
        var count = 0;
        for (var at = text.IndexOf(needle, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(needle, at + needle.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }

    private static string Truncate(string value) => value.Length > BlockLimit ? value[..BlockLimit] : value;
}
