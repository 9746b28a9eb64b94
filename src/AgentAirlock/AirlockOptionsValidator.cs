using AgentAirlock.Audit;
using AgentAirlock.Policy;
using AgentAirlock.Protocol;
using AgentAirlock.Sandbox;
using AgentAirlock.Sandbox.Bubblewrap;
using AgentAirlock.Sanitization;
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

    private const int MinHashKeyBytes = 16;

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

        ValidateSanitizer(options.Sanitizer, failures);
        ValidateSandbox(options.Sandbox, failures);
        ValidateAudit(options.Audit, failures);
        _ = PolicySet.Compile(options.Policy, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSanitizer(SanitizerOptions options, List<string> failures)
    {
        string sanitizer = AirlockOptions.SectionName + ":Sanitizer:";
        if (options.MaxOutputChars < 0)
        {
            failures.Add($"{sanitizer}MaxOutputChars must be 0 (unlimited) or more; it is {options.MaxOutputChars}.");
        }

        if (!string.IsNullOrWhiteSpace(options.HashKey))
        {
            ValidateKey(options.HashKey, sanitizer + "HashKey", failures);
        }

        foreach (SensitiveDataType type in options.DisabledTypes.Where(t => !Enum.IsDefined(t)))
        {
            failures.Add($"{sanitizer}DisabledTypes holds '{type}', which is not a sensitive data type.");
        }

        ValidateStrategies(options.Strategies, sanitizer + "Strategies", failures);
        ValidateFields(options.AllowedFields, sanitizer + "AllowedFields", failures);
        foreach ((string tool, SanitizerToolOptions perTool) in options.PerTool)
        {
            string key = $"{sanitizer}PerTool:{tool}:";
            if (string.IsNullOrWhiteSpace(tool))
            {
                failures.Add($"{sanitizer}PerTool has an entry without a tool name.");
            }

            if (perTool.MaxOutputChars < 0)
            {
                failures.Add($"{key}MaxOutputChars must be 0 (unlimited) or more; it is {perTool.MaxOutputChars}.");
            }

            ValidateStrategies(perTool.Strategies, key + "Strategies", failures);
            foreach ((string field, MaskingStrategy strategy) in perTool.Fields.Where(f => !Enum.IsDefined(f.Value)))
            {
                failures.Add($"{key}Fields:{field} must be Full, Partial, TypeOnly or Hash; it is '{strategy}'.");
            }

            ValidateFields(perTool.AllowedFields, key + "AllowedFields", failures);
            ValidateFields([.. perTool.Fields.Keys], key + "Fields", failures);
        }
    }

    private static void ValidateKey(string value, string key, List<string> failures)
    {
        // The key itself is never echoed: only its length.
        byte[] bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value.Trim(), bytes, out int length))
        {
            failures.Add($"{key} must be base64 (for example the output of `openssl rand -base64 32`).");
        }
        else if (length < MinHashKeyBytes)
        {
            failures.Add($"{key} must hold at least {MinHashKeyBytes} bytes; it holds {length}.");
        }
    }

    private static void ValidateAudit(AuditOptions options, List<string> failures)
    {
        string audit = AirlockOptions.SectionName + ":Audit:";
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            failures.Add($"{audit}Path must name the audit file (for example {AuditOptions.DefaultPath}).");
        }

        if (!Enum.IsDefined(options.RollingInterval))
        {
            failures.Add($"{audit}RollingInterval must be Infinite, Day or Hour; it is '{options.RollingInterval}'.");
        }

        if (options.FileSizeLimitBytes is < 0 or (> 0 and < MinAuditFileBytes))
        {
            failures.Add($"{audit}FileSizeLimitBytes must be 0 (no limit) or at least {MinAuditFileBytes}; it is {options.FileSizeLimitBytes}.");
        }

        if (!Enum.IsDefined(options.FailureMode))
        {
            failures.Add($"{audit}FailureMode must be Closed or Open; it is '{options.FailureMode}'.");
        }

        if (string.IsNullOrWhiteSpace(options.DigestKey))
        {
            if (options.ArgumentDigests)
            {
                failures.Add($"{audit}DigestKey must be set (base64, at least {MinHashKeyBytes} bytes) when {audit}ArgumentDigests is true.");
            }
        }
        else
        {
            ValidateKey(options.DigestKey, audit + "DigestKey", failures);
        }
    }

    private const long MinAuditFileBytes = 4096;

    private static void ValidateSandbox(SandboxOptions options, List<string> failures)
    {
        string sandbox = AirlockOptions.SectionName + ":Sandbox:";
        if (!Enum.IsDefined(options.Backend))
        {
            failures.Add($"{sandbox}Backend must be Bubblewrap or E2B; it is '{options.Backend}'.");
        }

        RequireAtLeast(options.TimeoutSeconds, 1, sandbox + "TimeoutSeconds", failures);
        RequireAtLeast(options.MemoryMb, MinSandboxMemoryMb, sandbox + "MemoryMb", failures);
        RequireAtLeast(options.CpuSeconds, 1, sandbox + "CpuSeconds", failures);
        RequireAtLeast(options.ProgressIntervalMs, 0, sandbox + "ProgressIntervalMs", failures);
        for (int i = 0; i < options.Tools.Count; i++)
        {
            if (Glob.TryParse(options.Tools[i], out string? error) is null)
            {
                failures.Add($"{sandbox}Tools:{i} is not a valid glob: {error}.");
            }
        }

        string bubblewrap = sandbox + "Bubblewrap:";
        RequireAtLeast(options.Bubblewrap.TmpSizeMb, 1, bubblewrap + "TmpSizeMb", failures);
        RequireAtLeast(options.Bubblewrap.MaxProcesses, 1, bubblewrap + "MaxProcesses", failures);
        RequireAtLeast(options.Bubblewrap.MaxConcurrency, 0, bubblewrap + "MaxConcurrency", failures);
        RequireAtLeast(options.Bubblewrap.PoolSize, 0, bubblewrap + "PoolSize", failures);
        foreach ((string host, string inside) in options.Bubblewrap.ReadOnlyPaths)
        {
            if (string.IsNullOrWhiteSpace(host))
            {
                failures.Add($"{bubblewrap}ReadOnlyPaths has an entry without a host path.");
            }

            if (!BubblewrapCommandLine.IsMountTarget(inside))
            {
                failures.Add($"{bubblewrap}ReadOnlyPaths:{host} must map to an absolute path inside the sandbox outside {string.Join(", ", BubblewrapCommandLine.ReservedPaths)}; it is '{inside}'.");
            }
        }

        foreach (string variable in options.Bubblewrap.Environment.Keys.Concat(options.E2B.Environment.Keys))
        {
            if (!BubblewrapCommandLine.IsVariableName(variable))
            {
                failures.Add($"{sandbox}Environment holds '{variable}', which is not an environment variable name.");
            }
        }

        RequireAtLeast(options.E2B.PoolSize, 0, sandbox + "E2B:PoolSize", failures);
        if (options.Backend == SandboxBackend.E2B && string.IsNullOrWhiteSpace(options.E2B.Template))
        {
            failures.Add($"{sandbox}E2B:Template must name a template with the .NET runtime when Backend is E2B.");
        }

        foreach ((string url, string key) in new[] { (options.E2B.ApiUrl, "ApiUrl"), (options.E2B.SandboxUrl, "SandboxUrl") })
        {
            if (!string.IsNullOrEmpty(url) && (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("https" or "http")))
            {
                failures.Add($"{sandbox}E2B:{key} must be an absolute http(s) URL; it is '{url}'.");
            }
        }
    }

    private const int MinSandboxMemoryMb = 16;

    private static void RequireAtLeast(int value, int minimum, string key, List<string> failures)
    {
        if (value < minimum)
        {
            failures.Add($"{key} must be {minimum} or more; it is {value}.");
        }
    }

    private static void ValidateStrategies(IDictionary<SensitiveDataType, MaskingStrategy> strategies, string key, List<string> failures)
    {
        foreach ((SensitiveDataType type, MaskingStrategy strategy) in strategies)
        {
            if (!Enum.IsDefined(type))
            {
                failures.Add($"{key} has the key '{type}', which is not a sensitive data type.");
            }
            else if (!Enum.IsDefined(strategy))
            {
                failures.Add($"{key}:{type} must be Full, Partial, TypeOnly or Hash; it is '{strategy}'.");
            }
        }
    }

    private static void ValidateFields(IList<string> fields, string key, List<string> failures)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            string field = fields[i].Trim();
            if (field.Length == 0 || (field.StartsWith('$') && !(field.StartsWith("$.", StringComparison.Ordinal) || field.StartsWith("$[", StringComparison.Ordinal))))
            {
                failures.Add($"{key}:{i} must be a property name or a path such as $.customer.email; it is '{field}'.");
            }
        }
    }

    private static bool IsOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.AbsolutePath == "/"
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
