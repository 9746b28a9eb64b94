namespace AgentAirlock.Tests; public class Placeholder { [Fact] public void Builds() { } }
