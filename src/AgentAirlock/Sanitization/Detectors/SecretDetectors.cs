namespace AgentAirlock.Sanitization.Detectors;

/// <summary>The detectors of credentials and keys.</summary>
internal static class SecretDetectors
{
    public static IDetector[] Create() =>
    [
        new AwsKeyDetector(),
        new GitHubTokenDetector(),
        new SlackDetector(),
        new StripeKeyDetector(),
        new GoogleApiKeyDetector(),
        new AiProviderKeyDetector(),
        new JwtDetector(),
        new PrivateKeyDetector(),
        new ConnectionStringDetector(),
        new CredentialAssignmentDetector(),
        new BearerTokenDetector(),
    ];
}
