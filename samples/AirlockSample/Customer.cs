namespace AirlockSample;

/// <summary>A customer record. Every value is synthetic: test card numbers, reserved phone and documentation ranges.</summary>
public sealed record Customer(int Id, string Name, string Email, string Phone, string Ssn, string CardNumber, string ApiKey)
{
    public static Customer Synthetic(int id) => new(
        id,
        Name: "Jane Doe",
        Email: $"jane.doe{id}@example.com",
        Phone: "+1 415-555-0132",
        Ssn: "123-45-6789",
        CardNumber: "4111 1111 1111 1111",
        ApiKey: "sk-proj-FAKEk3yF0rTest1ngOnly0000000000000000000000");
}
