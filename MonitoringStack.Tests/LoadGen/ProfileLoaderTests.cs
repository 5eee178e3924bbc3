using MonitoringStack.Load.Engine;
using MonitoringStack.LoadGen.Profiles;

namespace MonitoringStack.Tests.LoadGen;

public class ProfileLoaderTests
{
    [Theory]
    [InlineData("ramp-up")]
    [InlineData("spike")]
    [InlineData("sustained")]
    [InlineData("step")]
    [InlineData("browse")]
    public void Every_shipped_profile_loads_with_the_api_mix(string name)
    {
        var profile = ProfileLoader.Load(name);

        Assert.Equal(name, profile.Name);
        Assert.Equal(["GET /", "GET /data", "GET /data/{id}", "POST /process"], profile.Mix.Select(m => m.EndpointLabel));
        Assert.NotEmpty(profile.Phases);
        Assert.NotEmpty(profile.Thresholds);
    }

    [Fact]
    public void Phases_and_stages_are_read_as_written()
    {
        var profile = ProfileLoader.Parse("""
            name: custom
            timeout: 750ms
            maxInFlight: 42
            mix:
              - path: /data/${id:1-1000}
                weight: 3
              - method: post
                path: /process
                body: '{"category":"${c:books|games}","quantity":${q:1-5},"unitPrice":12.5}'
            phases:
              - rate: 20
                duration: 5s
              - name: up
                stages:
                  - { target: 80, duration: 10s }
              - vus: 4
                thinkTime: 10ms-20ms
                duration: 1m30s
            thresholds: [ "p99<200ms", "errors<0.1%" ]
            """);

        Assert.Equal(TimeSpan.FromMilliseconds(750), profile.RequestTimeout);
        Assert.Equal(42, profile.MaxInFlight);
        var ramp = Assert.IsType<ArrivalRatePhase>(profile.Phases[1]);
        Assert.Equal(20, ramp.StartRate); // continues from the previous phase's rate
        Assert.Equal(80, ramp.Stages[0].TargetRate);
        var users = Assert.IsType<VirtualUserPhase>(profile.Phases[2]);
        Assert.Equal((4, TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(10)), (users.Users, users.Duration, users.ThinkTime.Min));
        Assert.Equal("POST /process", profile.Mix[1].EndpointLabel);
        Assert.Matches(@"^/data/\d+$", profile.Mix[0].PathTemplate.Render());
        Assert.Equal(2, profile.Thresholds.Count);
    }

    [Theory]
    // A value of the wrong type: line 6 is "rate: fast".
    [InlineData("name: x\nmix:\n  - path: /\nphases:\n  - name: one\n    rate: fast\n    duration: 10s\n", 6, "phases[0].rate", "number")]
    // A misspelt field is an error, not silently ignored.
    [InlineData("name: x\nmix:\n  - path: /\nphases:\n  - rat: 10\n    duration: 10s\n", 5, "phases[0].rat", "unknown field")]
    // A missing required field is reported at its parent.
    [InlineData("mix:\n  - path: /\nphases:\n  - rate: 10\n", 4, "phases[0].duration", "duration")]
    // Negative numbers, bad durations, bad placeholders, bad JSON bodies, bad thresholds.
    [InlineData("mix:\n  - path: /\nphases:\n  - stages:\n      - target: -5\n        duration: 1s\n", 5, "phases[0].stages[0].target", "at least 0")]
    [InlineData("mix:\n  - path: /\nphases:\n  - vus: 3\n    duration: soon\n", 5, "phases[0].duration", "duration")]
    [InlineData("mix:\n  - path: /data/${id:1000-1}\nphases:\n  - rate: 1\n    duration: 1s\n", 2, "mix[0].path", "empty")]
    [InlineData("mix:\n  - method: POST\n    path: /process\n    body: '{\"quantity\": }'\nphases:\n  - rate: 1\n    duration: 1s\n", 4, "mix[0].body", "")]
    [InlineData("mix:\n  - path: /\nphases:\n  - rate: 1\n    duration: 1s\nthresholds:\n  - p99 below 3\n", 7, "thresholds[0]", "p99<200ms")]
    [InlineData("mix:\n  - path: /\nphases:\n  - rate: 1\n    vus: 2\n    duration: 1s\n", 4, "phases[0]", "cannot be combined")]
    // YAML syntax errors carry the parser's position.
    [InlineData("mix:\n  - path: /\nphases:\n  - rate: [1, 2\n    duration: 1s\n", 4, "(syntax)", "")]
    [InlineData("mix:\n  - path: /\n    weight: 1\n   method: GET\nphases: []\n", 4, "(syntax)", "")]
    public void Invalid_profiles_name_the_line_and_the_field(string yaml, int line, string field, string hint)
    {
        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(yaml, "bad.yaml"));

        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.StartsWith($"bad.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Json_profiles_get_line_numbers_too()
    {
        var json = "{\n  \"mix\": [ { \"path\": \"/\" } ],\n  \"phases\": [\n    { \"rate\": 10,\n      \"duration\": -1 }\n  ]\n}\n";

        var error = Assert.Throws<ProfileException>(() => ProfileLoader.Parse(json, "bad.json"));

        Assert.Equal(5, error.Line);
        Assert.Equal("phases[0].duration", error.Field);
    }
}
