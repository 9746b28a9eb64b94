using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentAirlock.Tests;

/// <summary>Airlock's options accessor over options made in code, for tests that build a layer by hand.</summary>
internal static class OptionsAccessors
{
    /// <summary>The accessor of the default options with <paramref name="configure"/> applied; the caller disposes it.</summary>
    public static AirlockOptionsAccessor For(Action<AirlockOptions>? configure = null) => new(
        new OptionsFactory<AirlockOptions>([new ConfigureOptions<AirlockOptions>(configure ?? (_ => { }))], []),
        [],
        [],
        NullLogger<AirlockOptionsAccessor>.Instance);
}
