using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace AgentAirlock.Validation;

/// <summary>
/// Applies the DataAnnotations bounds on a tool parameter (or a member of its type) to its compiled schema, where
/// they are stricter than what the schema says. The SDK's schema generation carries most of them, but not all
/// (it drops <c>[Range(..., MinimumIsExclusive = true)]</c>); the attribute is what the tool's author declared.
/// </summary>
internal static class DataAnnotationBounds
{
    public static void Apply(SchemaNode node, ICustomAttributeProvider attributes)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(attributes);
        bool numeric = (node.Types & (JsonTypes.Integer | JsonTypes.Number)) != 0;
        bool text = (node.Types & JsonTypes.String) != 0;
        bool list = (node.Types & JsonTypes.Array) != 0;
        foreach (object attribute in attributes.GetCustomAttributes(inherit: true))
        {
            switch (attribute)
            {
                case RangeAttribute range when numeric:
                    ApplyRange(node, range);
                    break;
                case StringLengthAttribute length when text:
                    Tighten(node, length.MinimumLength, length.MaximumLength, forItems: false);
                    break;
                case LengthAttribute length:
                    Tighten(node, length.MinimumLength, length.MaximumLength, forItems: !text && list);
                    break;
                case MinLengthAttribute minimum:
                    Tighten(node, minimum.Length, null, forItems: !text && list);
                    break;
                case MaxLengthAttribute maximum when maximum.Length >= 0:
                    Tighten(node, null, maximum.Length, forItems: !text && list);
                    break;
            }
        }
    }

    private static void ApplyRange(SchemaNode node, RangeAttribute range)
    {
        if (ToBound(range.Minimum, range) is NumberBound minimum)
        {
            if (range.MinimumIsExclusive)
            {
                node.ExclusiveMinimum = Higher(node.ExclusiveMinimum, minimum);
                if (node.Minimum is { } inclusive && inclusive.Double <= minimum.Double)
                {
                    node.Minimum = null;
                }
            }
            else
            {
                node.Minimum = Higher(node.Minimum, minimum);
            }
        }

        if (ToBound(range.Maximum, range) is NumberBound maximum)
        {
            if (range.MaximumIsExclusive)
            {
                node.ExclusiveMaximum = Lower(node.ExclusiveMaximum, maximum);
                if (node.Maximum is { } inclusive && inclusive.Double >= maximum.Double)
                {
                    node.Maximum = null;
                }
            }
            else
            {
                node.Maximum = Lower(node.Maximum, maximum);
            }
        }
    }

    private static NumberBound? ToBound(object? limit, RangeAttribute range)
    {
        CultureInfo culture = range.ParseLimitsInInvariantCulture ? CultureInfo.InvariantCulture : CultureInfo.CurrentCulture;
        switch (limit)
        {
            case int or long or double or float or decimal or short or byte:
                double value = Convert.ToDouble(limit, CultureInfo.InvariantCulture);
                return double.IsFinite(value) ? NumberBound.FromDouble(value) : null;
            case string textual when decimal.TryParse(textual, NumberStyles.Float, culture, out decimal exact):
                return new NumberBound((double)exact, exact, exact.ToString(CultureInfo.InvariantCulture));
            default:
                // Ranges over other operand types (dates, say) are not numeric bounds of a JSON number.
                return null;
        }
    }

    private static NumberBound Higher(NumberBound? current, NumberBound candidate) =>
        current is { } existing && existing.Double >= candidate.Double ? existing : candidate;

    private static NumberBound Lower(NumberBound? current, NumberBound candidate) =>
        current is { } existing && existing.Double <= candidate.Double ? existing : candidate;

    private static void Tighten(SchemaNode node, int? minimum, int? maximum, bool forItems)
    {
        if (forItems)
        {
            node.MinItems = Max(node.MinItems, minimum);
            node.MaxItems = Min(node.MaxItems, maximum);
        }
        else
        {
            node.MinLength = Max(node.MinLength, minimum);
            node.MaxLength = Min(node.MaxLength, maximum);
        }
    }

    private static int? Max(int? current, int? candidate) =>
        candidate is not int value || value <= 0 ? current : current is int existing ? Math.Max(existing, value) : value;

    private static int? Min(int? current, int? candidate) =>
        candidate is not int value || value < 0 ? current : current is int existing ? Math.Min(existing, value) : value;
}
