using Bunit;
using DeepSync.Fleet;
using DeepSync.Text;
using DeepSync.Web.Fleet;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace DeepSync.Tests.Dashboard;

/// <summary>The "New teammate" dialog, rendered by MudBlazor's dialog provider as the fleet page opens it.</summary>
public sealed class NodeProfileDialogTests : IAsyncLifetime
{
    private readonly BunitContext _context = new();
    private readonly List<NodeProfile> _submitted = [];
    private IRenderedComponent<MudDialogProvider> _provider = default!;

    public async Task InitializeAsync()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        _context.Render<MudPopoverProvider>();
        _provider = _context.Render<MudDialogProvider>();
        var dialogs = _context.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<NodeProfileDialog>
        {
            {
                d => d.Submit, profile =>
                {
                    _submitted.Add(profile);
                    return Task.FromResult(profile.Name == "Taken" ? "Refused by the grain" : (string?)null);
                }
            },
        };
        await _provider.InvokeAsync(() => dialogs.ShowAsync<NodeProfileDialog>(null, parameters));
    }

    public async Task DisposeAsync() => await _context.DisposeAsync();

    private AngleSharp.Dom.IElement Field(string testId) => _provider.Find($"[data-testid='{testId}'] input, [data-testid='{testId}'] textarea, input[data-testid='{testId}']");

    private void Submit() => _provider.Find("[data-testid='save-node']").Click();

    [Fact]
    public void It_shows_the_node_profile_limits_beside_the_fields()
    {
        var markup = _provider.Markup;
        Assert.Contains($"1–{InputLimits.NodeName} characters", markup);
        Assert.Contains($"1–{InputLimits.Callsign} letters, digits, '-' or '_'", markup);
        Assert.Contains($"at most {InputLimits.Role} characters", markup);
    }

    [Fact]
    public void Empty_name_and_callsign_are_refused_before_anything_is_sent()
    {
        Submit();
        _provider.WaitForAssertion(() =>
        {
            Assert.Contains("Name is required.", _provider.Markup);
            Assert.Contains("Callsign is required.", _provider.Markup);
        }, TimeSpan.FromSeconds(10));
        Assert.Empty(_submitted);
    }

    [Fact]
    public void A_callsign_with_spaces_and_an_overlong_name_are_refused_with_the_rule_named()
    {
        Field("node-name").Input(new string('n', InputLimits.NodeName + 1));
        Field("node-callsign").Input("BRAVO 2");
        Submit();
        _provider.WaitForAssertion(() =>
        {
            Assert.Contains($"Name must be at most {InputLimits.NodeName} characters.", _provider.Markup);
            Assert.Contains("Callsign may contain only letters, digits, '-' and '_'.", _provider.Markup);
        }, TimeSpan.FromSeconds(10));
        Assert.Empty(_submitted);
    }

    [Fact]
    public void A_valid_profile_is_submitted_trimmed_and_a_refusal_is_shown_in_the_dialog()
    {
        Field("node-name").Input("  Taken ");
        Field("node-callsign").Input("bravo-2");
        Field("node-role").Input("Research");
        Submit();
        _provider.WaitForAssertion(() => Assert.Contains("Refused by the grain", _provider.Markup), TimeSpan.FromSeconds(10));
        var profile = Assert.Single(_submitted);
        Assert.Equal(new NodeProfile("Taken", "bravo-2", "Research", string.Empty), profile);

        Field("node-name").Input("Bravo-2");
        Submit();
        _provider.WaitForAssertion(() => Assert.DoesNotContain("node-profile-dialog", _provider.Markup), TimeSpan.FromSeconds(10));
        Assert.Equal(2, _submitted.Count);
    }
}
