using System.Globalization;
using System.Net;
using System.Text;

namespace MonitoringStack.Experiments.Report;

/// <summary>One section of a report: a heading, paragraphs, a table and charts.</summary>
public sealed record ReportSection(string Heading, IReadOnlyList<string> Text, string[] Header, IEnumerable<string[]> Rows, IReadOnlyList<Chart> Charts);

/// <summary>
/// The page both reports (a run's and a comparison's) are made of: a title, paragraphs of introduction (the
/// verdict marked ok or failed), then the sections; as self-contained HTML (inline SVG) or as Markdown with the
/// charts as PNG files in <c>chartsFolder</c> beside it.
/// </summary>
public static class ReportDocument
{
    public static void WriteCharts(IEnumerable<ReportSection> sections, string chartsDirectory)
    {
        ArgumentNullException.ThrowIfNull(sections);
        Directory.CreateDirectory(chartsDirectory);
        foreach (var chart in sections.SelectMany(s => s.Charts))
        {
            File.WriteAllBytes(Path.Combine(chartsDirectory, chart.Id + ".png"), chart.Png);
        }
    }

    // A crash while writing must not leave a half report that looks whole.
    public static void WriteAtomically(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temp, path, overwrite: true);
    }

    /// <param name="intro">Paragraphs above the sections; the one at <paramref name="verdictIndex"/> is styled ok or failed.</param>
    public static string Html(string title, IReadOnlyList<string> intro, int verdictIndex, bool ok, IEnumerable<ReportSection> sections)
    {
        ArgumentNullException.ThrowIfNull(intro);
        ArgumentNullException.ThrowIfNull(sections);
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{{E(title)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; }
            figure { margin: 1.5em 0; } figcaption { color: #555; font-size: 0.9em; }
            .ok { color: #1b7f3b; } .fail { color: #b00020; font-weight: bold; }
            </style></head><body>
            <h1>{{E(title)}}</h1>

            """);
        for (var i = 0; i < intro.Count; i++)
        {
            var style = i == verdictIndex ? (ok ? " class=\"ok\"" : " class=\"fail\"") : "";
            html.Append(CultureInfo.InvariantCulture, $"<p{style}>{E(intro[i])}</p>\n");
        }
        foreach (var section in sections)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(section.Heading)}</h2>\n");
            foreach (var line in section.Text)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(line)}</p>\n");
            }
            var rows = section.Rows.ToArray();
            if (rows.Length > 0)
            {
                html.Append("<table><tr>");
                foreach (var h in section.Header)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<th>{E(h)}</th>");
                }
                html.Append("</tr>\n");
                foreach (var row in rows)
                {
                    html.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{E(c)}</td>")).Append("</tr>\n");
                }
                html.Append("</table>\n");
            }
            foreach (var chart in section.Charts)
            {
                html.Append(CultureInfo.InvariantCulture, $"<figure id=\"{E(chart.Id)}\">{chart.Svg}<figcaption><b>{E(chart.Title)}.</b> {E(chart.HowToRead)}</figcaption></figure>\n");
            }
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    public static string Markdown(string title, IReadOnlyList<string> intro, IEnumerable<ReportSection> sections, string chartsFolder)
    {
        ArgumentNullException.ThrowIfNull(intro);
        ArgumentNullException.ThrowIfNull(sections);
        static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {title}").AppendLine();
        foreach (var line in intro)
        {
            md.AppendLine(line).AppendLine();
        }
        foreach (var section in sections)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {section.Heading}").AppendLine();
            foreach (var line in section.Text)
            {
                md.AppendLine(line).AppendLine();
            }
            var rows = section.Rows.ToArray();
            if (rows.Length > 0)
            {
                md.AppendLine("| " + string.Join(" | ", section.Header.Select(Cell)) + " |");
                md.AppendLine("|" + string.Concat(section.Header.Select(_ => "---|")));
                foreach (var row in rows)
                {
                    md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
                }
                md.AppendLine();
            }
            foreach (var chart in section.Charts)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"![{chart.Title}]({chartsFolder}/{chart.Id}.png)").AppendLine()
                    .AppendLine(CultureInfo.InvariantCulture, $"*{chart.HowToRead}*").AppendLine();
            }
        }
        return md.ToString();
    }
}
