namespace AgentAirlock.Sanitization;

/// <summary>
/// The kinds of sensitive values the sanitizer detects. The names are the configuration keys (for example
/// <c>Airlock:Sanitizer:Strategies:Email</c>); the labels used in masks and reports are upper snake case (<c>EMAIL</c>).
/// </summary>
public enum SensitiveDataType
{
    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A telephone number, international or national, validated as a real number.</summary>
    Phone,

    /// <summary>A United States social security number (impossible numbers excluded).</summary>
    Ssn,

    /// <summary>A payment card number of a real issuer range, Luhn-checked.</summary>
    PaymentCard,

    /// <summary>An IPv4 or IPv6 address.</summary>
    IpAddress,

    /// <summary>An international bank account number (mod-97 checked).</summary>
    Iban,

    /// <summary>An AWS access key id (<c>AKIA…</c>, <c>ASIA…</c>).</summary>
    AwsAccessKeyId,

    /// <summary>An AWS secret access key, recognised by the name it is assigned to.</summary>
    AwsSecretAccessKey,

    /// <summary>A GitHub token (classic prefixes and fine-grained personal access tokens).</summary>
    GitHubToken,

    /// <summary>A Slack token (<c>xoxb-</c>, <c>xoxp-</c>, …).</summary>
    SlackToken,

    /// <summary>A Slack incoming-webhook URL.</summary>
    SlackWebhook,

    /// <summary>A Stripe secret or restricted key.</summary>
    StripeKey,

    /// <summary>A Google API key (<c>AIza…</c>).</summary>
    GoogleApiKey,

    /// <summary>An OpenAI API key (<c>sk-…</c>, <c>sk-proj-…</c>).</summary>
    OpenAIKey,

    /// <summary>An Anthropic API key (<c>sk-ant-…</c>).</summary>
    AnthropicKey,

    /// <summary>A JSON Web Token whose header decodes to JSON with <c>alg</c>.</summary>
    Jwt,

    /// <summary>A PEM private key block, header, body and footer.</summary>
    PrivateKey,

    /// <summary>The credentials of a connection string (a URI with a password, or an ADO.NET <c>Password=</c>).</summary>
    ConnectionString,

    /// <summary>The value of a <c>password=</c>, <c>secret:</c> or <c>token=</c> style assignment.</summary>
    Password,

    /// <summary>The token of an <c>Authorization: Bearer</c> header.</summary>
    BearerToken,
}
