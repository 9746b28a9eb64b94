using Microsoft.Extensions.Configuration;

namespace AgentAirlock.IntegrationTests.Infrastructure;

/// <summary>An in-memory configuration source whose values a test can change, raising a reload like a watched file.</summary>
internal sealed class ReloadableSettings : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public void Change(string key, string? value)
    {
        Data[key] = value;
        OnReload();
    }

    public void Remove(string key)
    {
        Data.Remove(key);
        OnReload();
    }

    /// <summary>Removes every value with a single reload.</summary>
    public void Reset()
    {
        Data.Clear();
        OnReload();
    }
}
