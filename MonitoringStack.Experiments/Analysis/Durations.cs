using System.Globalization;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>Prometheus/Alertmanager durations (<c>5s</c>, <c>1m30s</c>, <c>250ms</c>), as both write them.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var total = TimeSpan.Zero;
        var number = "";
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsDigit(c) || c == '.')
            {
                number += c;
                continue;
            }
            var unit = c == 'm' && i + 1 < text.Length && text[i + 1] == 's' ? "ms" : c.ToString();
            i += unit.Length - 1;
            var value = double.Parse(number, CultureInfo.InvariantCulture);
            total += unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                "d" => TimeSpan.FromDays(value),
                "w" => TimeSpan.FromDays(7 * value),
                "y" => TimeSpan.FromDays(365 * value),
                _ => throw new FormatException($"unknown duration unit '{unit}' in '{text}'"),
            };
            number = "";
        }
        return number.Length == 0 ? total : throw new FormatException($"duration '{text}' lacks a unit");
    }
}
