using AgentAirlock.Policy;
using AgentAirlock.Protocol;
using Microsoft.Extensions.Options;

namespace AgentAirlock;

/// <summary>
/// Validates <see cref="AirlockOptions"/> at start-up (and on every reload); each failure names its configuration key.
/// </summary>
internal sealed class AirlockOptionsValidator : IValidateOptions<AirlockOptions>
{
    /// <summary>The largest body Airlock will buffer: one array holds it.</summary>
    private const long MaxBufferedBytes = 256L * 1024 * 1024;

    private const int MaxSupportedDepth = 256;

    public ValidateOptionsResult Validate(string? name, AirlockOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        string envelope = AirlockOptions.SectionName + ":Envelope:";
        if (options.Envelope.MaxRequestBytes is <= 0 or > MaxBufferedBytes)
        {
            failures.Add($"{envelope}MaxRequestBytes must be between 1 and {MaxBufferedBytes}; it is {options.Envelope.MaxRequestBytes}.");
        }

        if (options.Envelope.MaxDepth is < 1 or > MaxSupportedDepth)
        {
            failures.Add($"{envelope}MaxDepth must be between 1 and {MaxSupportedDepth}; it is {options.Envelope.MaxDepth}.");
        }

        for (int i = 0; i < options.Envelope.AllowedOrigins.Count; i++)
        {
            string origin = options.Envelope.AllowedOrigins[i];
            if (origin != "*" && !IsOrigin(origin))
            {
                failures.Add($"{envelope}AllowedOrigins:{i} must be '*' or an origin such as https://app.example.com (scheme, host, optional port, no path); it is '{origin}'.");
            }
        }

        foreach (string tool in options.Validation.PerTool.Keys)
        {
            if (string.IsNullOrWhiteSpace(tool))
            {
                failures.Add($"{AirlockOptions.SectionName}:Validation:PerTool has an entry without a tool name.");
            }
        }

        _ = PolicySet.Compile(options.Policy, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
