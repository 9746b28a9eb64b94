namespace AgentAirlock.IntegrationTests; public class Placeholder { [Fact] public void Builds() { } }
