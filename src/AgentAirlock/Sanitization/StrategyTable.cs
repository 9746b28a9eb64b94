namespace AgentAirlock.Sanitization;

/// <summary>The masking strategy of every type, for one scope (global, or one tool): defaults, then overrides.</summary>
internal sealed class StrategyTable
{
    private readonly MaskingStrategy[] _strategies;

    private StrategyTable(MaskingStrategy[] strategies)
    {
        _strategies = strategies;
    }

    public static StrategyTable Defaults { get; } = Create(null, null);

    public static StrategyTable Create(IDictionary<SensitiveDataType, MaskingStrategy>? overrides, StrategyTable? parent)
    {
        var strategies = new MaskingStrategy[Enum.GetValues<SensitiveDataType>().Length];
        for (int i = 0; i < strategies.Length; i++)
        {
            strategies[i] = parent?._strategies[i] ?? ValueMasker.DefaultStrategy((SensitiveDataType)i);
        }

        if (overrides is not null)
        {
            foreach ((SensitiveDataType type, MaskingStrategy strategy) in overrides)
            {
                strategies[(int)type] = strategy;
            }
        }

        return new StrategyTable(strategies);
    }

    public MaskingStrategy this[SensitiveDataType type] => _strategies[(int)type];
}
