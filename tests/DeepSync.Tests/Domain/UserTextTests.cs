using DeepSync.Errors;
using DeepSync.Text;

namespace DeepSync.Tests.Domain;

public sealed class UserTextTests
{
    [Theory]
    [InlineData("plain", TextShape.SingleLine, null)]
    [InlineData("émoji 🚀 ok", TextShape.SingleLine, null)]
    [InlineData("a\u0000b", TextShape.SingleLine, "Field must not contain control characters (U+0000 at position 2).")]
    [InlineData("a\u0000b", TextShape.MultiLine, "Field must not contain control characters (U+0000 at position 2).")]
    [InlineData("bell\u0007", TextShape.MultiLine, "Field must not contain control characters (U+0007 at position 5).")]
    [InlineData("del\u007F", TextShape.MultiLine, "Field must not contain control characters (U+007F at position 4).")]
    [InlineData("c1\u0085", TextShape.MultiLine, "Field must not contain control characters (U+0085 at position 3).")]
    [InlineData("two\nlines", TextShape.SingleLine, "Field must not contain control characters (U+000A at position 4).")]
    [InlineData("two\r\n\tlines", TextShape.MultiLine, null)]
    [InlineData("tab\there", TextShape.SingleLine, "Field must not contain control characters (U+0009 at position 4).")]
    [InlineData("gpj.\u202Eexe", TextShape.SingleLine, "Field must not contain control characters (U+202E at position 5).")]
    [InlineData("iso\u2066late", TextShape.SingleLine, "Field must not contain control characters (U+2066 at position 4).")]
    [InlineData("mark\u200F", TextShape.SingleLine, "Field must not contain control characters (U+200F at position 5).")]
    [InlineData("arabic \u202E quote", TextShape.MultiLine, null)]
    [InlineData("non\uFFFF", TextShape.MultiLine, "Field must not contain control characters (U+FFFF at position 4).")]
    public void Problem_names_the_first_refused_character(string value, TextShape shape, string? problem)
    {
        Assert.Equal(problem, UserText.Problem(value, "Field", shape, 100));
    }

    // Lone surrogates cannot travel through theory data (they are replaced on the way), hence facts.
    [Fact]
    public void Lone_surrogates_are_refused_and_scrubbed()
    {
        Assert.Equal("Field contains an incomplete character (a lone UTF-16 surrogate at position 6).", UserText.Problem("lone \uD83D", "Field", TextShape.MultiLine, 100));
        Assert.Equal("Field contains an incomplete character (a lone UTF-16 surrogate at position 1).", UserText.Problem("\uDE80 first", "Field", TextShape.SingleLine, 100));
        Assert.Equal("lone \uFFFD end", UserText.Scrub("lone \uD83D end"));
    }

    [Theory]
    [InlineData(5, null)]
    [InlineData(4, "Field must be at most 4 characters (got 5).")]
    public void Length_counts_utf16_code_units(int max, string? problem)
    {
        Assert.Equal(problem, UserText.Problem("a🚀bc", "Field", TextShape.SingleLine, max));
    }

    [Fact]
    public void Check_trims_one_line_fields_but_keeps_free_text_as_typed()
    {
        Assert.Equal("name", UserText.Check("  name \t", "Name", TextShape.SingleLine, 10));
        Assert.Equal("  text\n", UserText.Check("  text\n", "Text", TextShape.MultiLine, 10));
        Assert.Equal(string.Empty, UserText.Check(null, "Text", TextShape.MultiLine, 10));
    }

    [Fact]
    public void Check_refuses_with_validation_failed_and_the_problem()
    {
        var ex = Assert.Throws<DeepSyncException>(() => UserText.Check("x\u0000", "A message", TextShape.MultiLine, 10));

        Assert.Equal(DeepSyncError.ValidationFailed, ex.Code);
        Assert.Equal("A message must not contain control characters (U+0000 at position 2).", ex.Message);
    }

    [Theory]
    [InlineData("clean\r\n\ttext 🚀", "clean\r\n\ttext 🚀")]
    [InlineData("nul\u0000bell\u0007", "nul\uFFFDbell\uFFFD")]
    [InlineData("\uFFFE", "\uFFFD")]
    [InlineData("rtl \u202E stays", "rtl \u202E stays")]
    public void Scrub_replaces_what_cannot_be_stored_and_keeps_the_rest(string value, string expected)
    {
        Assert.Equal(expected, UserText.Scrub(value));
    }

    [Fact]
    public void Scrub_returns_clean_text_unchanged()
    {
        const string clean = "nothing to do";
        Assert.Same(clean, UserText.Scrub(clean));
    }
}
