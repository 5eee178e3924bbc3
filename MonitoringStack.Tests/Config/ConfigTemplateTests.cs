using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Config;

public class ConfigTemplateTests
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal) { ["host"] = "127.0.0.1:9093" };

    [Fact]
    public void Placeholders_are_replaced_and_comments_go_through_untouched()
    {
        var text = ConfigTemplate.Render("# ${anything} stays\ntarget: '${host}'\nsummary: '{{ $labels.instance }}'\n", "t", Values);

        Assert.Equal("# ${anything} stays\ntarget: '127.0.0.1:9093'\nsummary: '{{ $labels.instance }}'\n", text);
    }

    [Fact]
    public void Unknown_placeholder_is_an_error_naming_file_and_line()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ConfigTemplate.Render("a: 1\nb: ${nope}\n", "x.yml", Values));

        Assert.Contains("x.yml:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("${nope}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_with_item_placeholder_is_repeated_per_item_in_order()
    {
        IReadOnlyDictionary<string, string>[] items =
        [
            new Dictionary<string, string> { ["replica_address"] = "a:1", ["replica_name"] = "api-0" },
            new Dictionary<string, string> { ["replica_address"] = "a:2", ["replica_name"] = "api-1" },
        ];

        var text = ConfigTemplate.Render("upstream {\n  server ${replica_address}; # ${replica_name}\n}\n", "u", Values, repeatedItems: items);

        Assert.Equal("upstream {\n  server a:1; # api-0\n  server a:2; # api-1\n}\n", text);
    }

    [Theory]
    [InlineData(true, "a: 1\nsmtp: x\nb: 2\n")]
    [InlineData(false, "a: 1\nb: 2\n")]
    public void Sections_are_kept_only_when_enabled(bool enabled, string expected)
    {
        var sections = enabled ? new HashSet<string> { "smtp" } : new HashSet<string>();

        var text = ConfigTemplate.Render("a: 1\n# @if smtp\nsmtp: x\n# @end\nb: 2\n", "s", Values, sections);

        Assert.Equal(expected, text);
    }

    [Fact]
    public void Unclosed_section_is_an_error()
    {
        Assert.Throws<InvalidOperationException>(() => ConfigTemplate.Render("# @if smtp\na: 1\n", "s", Values));
    }
}
