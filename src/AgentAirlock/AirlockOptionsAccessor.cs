using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AgentAirlock;

/// <summary>
/// The options every layer reads per request. A reload that fails validation is logged and ignored: the last
/// valid options stay in force, rather than every request failing until the file is fixed.
/// </summary>
internal sealed partial class AirlockOptionsAccessor : IDisposable
{
    private readonly IOptionsFactory<AirlockOptions> _factory;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _registrations = [];
    private readonly AirlockConfigurationSection? _section;
    private volatile AirlockOptions _current;
    private AirlockConfigurationSection.Snapshot _present;

    public AirlockOptionsAccessor(
        IOptionsFactory<AirlockOptions> factory,
        IEnumerable<IOptionsChangeTokenSource<AirlockOptions>> sources,
        IEnumerable<AirlockConfigurationSection> sections,
        ILogger<AirlockOptionsAccessor> logger)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(logger);
        _factory = factory;
        _logger = logger;
        _section = sections.LastOrDefault();
        _present = _section?.Read() ?? default;

        // Invalid options at start-up stop the start (ValidateOnStart reports the same failure first).
        _current = factory.Create(Options.DefaultName);
        foreach (IOptionsChangeTokenSource<AirlockOptions> source in sources)
        {
            _registrations.Add(ChangeToken.OnChange(source.GetChangeToken, Reload));
        }
    }

    public AirlockOptions Current => _current;

    public void Dispose()
    {
        foreach (IDisposable registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void Reload()
    {
        AirlockConfigurationSection.Snapshot present = _section?.Read() ?? default;
        if (present.LostPartOf(_present))
        {
            // Fail closed: a vanished default policy or policy list would reload as defaults (every caller allowed).
            LogVanishedSection(_logger);
            return;
        }

        try
        {
            _current = _factory.Create(Options.DefaultName);
            _present = present;
        }
        catch (OptionsValidationException exception)
        {
            LogRejectedReload(_logger, string.Join(" ", exception.Failures));
        }
        catch (InvalidOperationException exception)
        {
            // The binder reports values it cannot convert (an unknown enum name) this way, naming the key.
            LogRejectedReload(_logger, exception.Message);
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Error,
        Message = "The Airlock configuration section, or its default policy or policies, disappeared on reload (a settings file deleted or no longer parsable?); the previous configuration stays in force until they are back or the application restarts. To remove them deliberately, restart the application.")]
    private static partial void LogVanishedSection(ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error,
        Message = "The reloaded Airlock configuration is invalid and was not applied; the previous configuration stays in force. {Problems}")]
    private static partial void LogRejectedReload(ILogger logger, string problems);
}
