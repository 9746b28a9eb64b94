using Microsoft.Extensions.Configuration;

namespace AgentAirlock;

/// <summary>
/// The configuration section the options are bound from, registered by <c>AddAirlock(IConfiguration)</c>. It lets a
/// reload that loses the keys deciding who may call (their settings file deleted, or no longer parsable) be told from
/// a deliberate edit: the defaults that would follow let every caller in. Each key is checked on its own, because
/// other sources (environment variables, the command line) may still supply other keys of the section.
/// </summary>
internal sealed class AirlockConfigurationSection(IConfiguration section)
{
    /// <summary>Gets the <c>Airlock</c> section itself, for the parts read as configuration rather than options (the audit trail's Serilog sinks).</summary>
    public IConfiguration Section => section;

    public Snapshot Read() => new(
        section.GetChildren().Any(),
        section["Policy:DefaultPolicy"] is not null,
        section.GetSection("Policy:Policies").GetChildren().Any());

    /// <summary>
    /// Which parts of the section are present whose loss would widen access. (Losing API keys narrows it: a key
    /// removed on purpose must stop working at once.)
    /// </summary>
    internal readonly record struct Snapshot(bool Section, bool DefaultPolicy, bool Policies)
    {
        /// <summary>Whether a part present in <paramref name="before"/> is missing now.</summary>
        public bool LostPartOf(Snapshot before) =>
            (before.Section && !Section) || (before.DefaultPolicy && !DefaultPolicy) || (before.Policies && !Policies);
    }
}
