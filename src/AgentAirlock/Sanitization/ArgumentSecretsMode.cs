namespace AgentAirlock.Sanitization;

/// <summary>What the sanitizer does with a call whose arguments carry a secret (exfiltration through a tool's input).</summary>
public enum ArgumentSecretsMode
{
    /// <summary>Arguments are not scanned.</summary>
    Off,

    /// <summary>The call is refused with the blocked answer (<c>block_reason: secret_in_arguments</c>).</summary>
    Block,

    /// <summary>The secrets are masked in the arguments the tool receives.</summary>
    Mask,
}
