using Microsoft.Extensions.Configuration;

namespace AgentAirlock;

/// <summary>
/// The configuration section the options are bound from, registered by <c>AddAirlock(IConfiguration)</c>. It lets a
/// reload that empties the section (its settings file deleted, or no longer parsable) be told from a deliberate edit:
/// the defaults that would follow let every caller in.
/// </summary>
internal sealed class AirlockConfigurationSection(IConfiguration section)
{
    public bool Exists => section.GetChildren().Any();

    public bool HasPolicy => section.GetSection("Policy").GetChildren().Any();
}
