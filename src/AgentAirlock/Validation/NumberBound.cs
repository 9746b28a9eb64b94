using System.Globalization;
using System.Text.Json;

namespace AgentAirlock.Validation;

/// <summary>
/// A numeric keyword value of a schema (a bound or a divisor), compared exactly as a decimal when both sides
/// fit one, otherwise as a double.
/// </summary>
internal readonly record struct NumberBound(double Double, decimal? Decimal, string Text)
{
    public static NumberBound? From(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double value))
        {
            return null;
        }

        return new NumberBound(value, element.TryGetDecimal(out decimal exact) ? exact : null, element.GetRawText());
    }

    public static NumberBound FromDouble(double value) =>
        new(value, (decimal?)(value is >= (double)decimal.MinValue and <= (double)decimal.MaxValue ? (decimal)value : null),
            value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Compares a JSON number to the bound: negative when the value is below it.</summary>
    public int CompareValue(JsonElement value)
    {
        if (Decimal is decimal bound && value.TryGetDecimal(out decimal exact))
        {
            return exact.CompareTo(bound);
        }

        return value.TryGetDouble(out double approximate) ? approximate.CompareTo(Double) : 0;
    }

    /// <summary>Whether a JSON number is a whole multiple of this divisor.</summary>
    public bool Divides(JsonElement value)
    {
        if (Decimal is decimal divisor && divisor != 0 && value.TryGetDecimal(out decimal exact))
        {
            return exact % divisor == 0;
        }

        return Double != 0 && value.TryGetDouble(out double approximate) && Math.IEEERemainder(approximate, Double) == 0;
    }
}
