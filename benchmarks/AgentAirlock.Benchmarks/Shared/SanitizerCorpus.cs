using System.Buffers.Text;
using System.Text;

namespace AgentAirlock.Benchmarks.Shared;

/// <summary>
/// The texts the sanitizer benchmarks scan, built deterministically (fixed sentences, a seeded generator) so that every
/// run scans the same bytes:
/// <list type="bullet">
/// <item><b>clean</b>: ordinary English prose with the digits, times, prices and punctuation real prose has, a few
/// non-ASCII characters, and no sensitive value;</item>
/// <item><b>PII-dense</b>: the same prose with one sensitive value every ~300 bytes, inside a sentence, rotating through
/// e-mail, phone, payment card, SSN, IP address, IBAN and a secret (itself rotating through the secret kinds). Every
/// value is synthetic but valid (Luhn, mod-97, SSN ranges, decodable JWTs, phone numbers libphonenumber accepts,
/// documentation IP ranges) so
/// that the detectors report it;</item>
/// <item><b>adversarial</b>: one short pattern repeated, chosen to make a detector find a candidate at every few bytes.</item>
/// </list>
/// </summary>
internal static class SanitizerCorpus
{
    public const int OneMiB = 1 << 20;

    public const int SixtyFourKiB = 64 << 10;

    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly string[] CleanSentences =
    [
        "The quarterly report was published on March 14, and the board reviewed it the following Tuesday.",
        "Revenue grew by 12.5% compared with the same period last year, mostly thanks to the new subscription plans.",
        "Our team of 18 engineers shipped 4 major releases and 37 smaller updates during the second half of the year.",
        "The warehouse in Rotterdam handled about 2,400 orders per day in November, up from 1,900 in October.",
        "Please remember that the office will be closed on Friday afternoon for the annual safety inspection.",
        "After a long discussion, the committee agreed to postpone the vote until more data is available.",
        "The average response time of the support desk fell from 6 hours to just under 3 hours.",
        "Version 2.8 of the mobile app introduces offline mode, a darker theme and faster search results.",
        "The meeting started at 9:30 and ran until noon, with a short coffee break at half past ten.",
        "Customers in the pilot program rated the onboarding experience 4.6 out of 5 on average.",
        "Shipping costs rose sharply in the spring, so we renegotiated our contracts with two carriers.",
        "The café on the ground floor now opens at 7 a.m., which the early shift will surely appreciate.",
        "Most of the feedback was positive, although several people found the new navigation menu confusing.",
        "We expect the migration to the new data centre to take roughly three weekends in total.",
        "The library lent out 5,200 books last month, and children’s titles made up nearly a third of them.",
        "Two of the five test runs failed because of a timeout, not because of a bug in the code itself.",
        "If the weather holds, the outdoor concert will begin at 8 p.m. in the park behind the town hall.",
        "The recipe calls for 250 grams of flour, 2 eggs, a pinch of salt and about 300 millilitres of milk.",
        "Attendance at the spring conference reached 1,150 people — the highest number since it was founded.",
        "She finished the marathon in 3 hours and 41 minutes, nine minutes faster than her previous best.",
        "The train from Lyon was delayed by 25 minutes because of maintenance work near the station.",
        "In chapter 7, the author explains why small, frequent changes are easier to review than large ones.",
        "Sales of the winter collection were slow at first but picked up after the mid-season discount of 20%.",
        "The new policy applies to all contracts signed after January 1 and replaces the rules from 2019.",
    ];

    private static readonly string[] FirstNames = ["jane", "john", "maria", "li", "ahmed", "olga", "pierre", "sara", "kenji", "ana"];

    private static readonly string[] LastNames = ["doe", "smith", "garcia", "chen", "hassan", "ivanova", "martin", "berg", "tanaka", "silva"];

    private static readonly string[] Domains = ["example.com", "example.org", "example.net", "mail.example.com", "corp.example.org"];

    private static readonly string[] SensitiveTemplates =
    [
        "Please forward the signed contract to {0} before the end of the week, and copy the account manager on the thread.",
        "The customer asked us to call back on {0} after 3 pm about the delayed delivery of order 77310.",
        "The refund of $129.99 was issued to card {0}, which the customer confirmed during the call.",
        "Her social security number, {0}, was entered twice in the onboarding form and must be corrected.",
        "Requests from {0} were throttled at 14:05 after the limit of 300 per minute was reached.",
        "Wire the deposit to {0} and put invoice number 2024-0918 in the reference field.",
        "The deployment script still contains {0} in plain text, so it must be rotated before Friday.",
    ];

    /// <summary>Gets the names of the adversarial inputs, in the order the benchmarks list them.</summary>
    public static IReadOnlyList<string> AdversarialNames { get; } =
    [
        "all-at", "all-digits", "1.1.1.1.", "a@a.", "colons", "password=", "token:<>", "BEGIN-PRIVATE-KEY", "eyJ.", "sk-",
    ];

    /// <summary>Clean English prose, exactly <paramref name="size"/> bytes of UTF-8.</summary>
    public static byte[] CleanProse(int size)
    {
        var random = new Random(1);
        var text = new StringBuilder(size + 1024);
        while (text.Length < size)
        {
            AppendParagraph(text, random);
        }

        return Fit(text, size);
    }

    /// <summary>Prose with one sensitive value every ~300 bytes, exactly <paramref name="size"/> bytes of UTF-8.</summary>
    public static byte[] PiiDense(int size)
    {
        var random = new Random(2);
        var text = new StringBuilder(size + 1024);
        int kind = 0, secret = 0;
        while (text.Length < size)
        {
            // A value sentence, then an ordinary one: about 300 bytes per value, the values inside running text.
            string value = kind switch
            {
                0 => Email(random),
                1 => Phone(random),
                2 => Card(random),
                3 => Ssn(random),
                4 => IpAddress(random),
                5 => Iban(random),
                _ => Secret(random, secret++),
            };
            text.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, SensitiveTemplates[kind], value)).Append(' ');
            text.Append(CleanSentences[random.Next(CleanSentences.Length)]);
            text.Append(random.Next(4) == 0 ? "\n\n" : " ");
            kind = (kind + 1) % SensitiveTemplates.Length;
        }

        return Fit(text, size);
    }

    /// <summary>One of <see cref="AdversarialNames"/>, repeated to exactly <paramref name="size"/> bytes.</summary>
    public static byte[] Adversarial(string name, int size)
    {
        string unit = name switch
        {
            "all-at" => "@",
            "all-digits" => "0123456789",
            "1.1.1.1." => "1.1.1.1.",
            "a@a." => "a@a.",
            "colons" => ":",
            "password=" => "password=",

            // Each value a placeholder to the end of the text, with the next assignment inside it.
            "token:<>" => "token:<>",
            "BEGIN-PRIVATE-KEY" => "-----BEGIN PRIVATE KEY-----",
            "eyJ." => "eyJ.",
            "sk-" => "sk-",
            _ => throw new ArgumentException($"No adversarial input named '{name}'.", nameof(name)),
        };
        byte[] pattern = Encoding.ASCII.GetBytes(unit);
        byte[] text = new byte[size];
        for (int i = 0; i < size; i += pattern.Length)
        {
            pattern.AsSpan(0, Math.Min(pattern.Length, size - i)).CopyTo(text.AsSpan(i));
        }

        return text;
    }

    private static void AppendParagraph(StringBuilder text, Random random)
    {
        int sentences = 3 + random.Next(4);
        for (int i = 0; i < sentences; i++)
        {
            text.Append(CleanSentences[random.Next(CleanSentences.Length)]).Append(i + 1 < sentences ? " " : "\n\n");
        }
    }

    /// <summary>Cuts (or pads with spaces) to exactly <paramref name="size"/> bytes, never inside a UTF-8 sequence.</summary>
    private static byte[] Fit(StringBuilder text, int size)
    {
        byte[] encoded = Encoding.UTF8.GetBytes(text.ToString());
        int cut = Math.Min(size, encoded.Length);
        while (cut > 0 && cut < encoded.Length && (encoded[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        byte[] fitted = new byte[size];
        encoded.AsSpan(0, cut).CopyTo(fitted);
        fitted.AsSpan(cut).Fill((byte)' ');
        return fitted;
    }

    private static string Email(Random random) =>
        $"{FirstNames[random.Next(FirstNames.Length)]}.{LastNames[random.Next(LastNames.Length)]}{random.Next(1, 100)}@{Domains[random.Next(Domains.Length)]}";

    /// <summary>
    /// North American numbers with a random exchange and line (the 555-01xx range reserved for fiction is not a valid
    /// number to libphonenumber, so the detector rightly ignores it), and British numbers in Ofcom's drama range.
    /// </summary>
    private static string Phone(Random random)
    {
        int exchange;
        do
        {
            exchange = random.Next(200, 1000);
        }
        while (exchange == 555 || exchange % 100 == 11);
        string line = Digits(random, 4);
        return random.Next(4) switch
        {
            0 => $"+1 415-{exchange}-{line}",
            1 => $"(212) {exchange}-{line}",
            2 => $"+44 20 7946 0{random.Next(1000):000}",
            _ => $"+1 206 {exchange} {line}",
        };
    }

    /// <summary>A Luhn-valid number of a real issuer range (Visa 16, Mastercard 16, American Express 15), in the usual layouts.</summary>
    private static string Card(Random random)
    {
        (string prefix, int length) = random.Next(3) switch
        {
            0 => ("4", 16),
            1 => ("5" + (char)('1' + random.Next(5)), 16),
            _ => (random.Next(2) == 0 ? "34" : "37", 15),
        };
        var digits = new StringBuilder(prefix);
        while (digits.Length < length - 1)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        digits.Append(LuhnCheckDigit(digits.ToString()));
        string number = digits.ToString();
        string separator = random.Next(3) switch { 0 => " ", 1 => "-", _ => string.Empty };
        return length == 15
            ? string.Join(separator, number[..4], number[4..10], number[10..])
            : string.Join(separator, number[..4], number[4..8], number[8..12], number[12..]);
    }

    private static char LuhnCheckDigit(string payload)
    {
        int sum = 0;
        for (int i = 0; i < payload.Length; i++)
        {
            // Doubling starts from the digit just left of the check digit.
            int digit = payload[payload.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>An SSN outside the numbers never issued (area 000, 666 or 900–999, group 00, serial 0000).</summary>
    private static string Ssn(Random random)
    {
        int area;
        do
        {
            area = random.Next(1, 900);
        }
        while (area == 666);
        return $"{area:000}-{random.Next(1, 100):00}-{random.Next(1, 10000):0000}";
    }

    /// <summary>Documentation ranges: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32.</summary>
    private static string IpAddress(Random random) => random.Next(4) switch
    {
        0 => $"192.0.2.{random.Next(1, 255)}",
        1 => $"198.51.100.{random.Next(1, 255)}",
        2 => $"203.0.113.{random.Next(1, 255)}",
        _ => $"2001:db8:{random.Next(1, 0xffff):x}::{random.Next(1, 0xffff):x}",
    };

    /// <summary>A German (22 characters) or Dutch (18) IBAN with correct mod-97 check digits, printed or compact.</summary>
    private static string Iban(Random random)
    {
        string country, bban;
        if (random.Next(2) == 0)
        {
            country = "DE";
            bban = Digits(random, 18);
        }
        else
        {
            country = "NL";
            bban = "ABNA" + Digits(random, 10);
        }

        string iban = country + IbanCheckDigits(country, bban) + bban;
        if (random.Next(2) == 0)
        {
            return iban;
        }

        var printed = new StringBuilder();
        for (int i = 0; i < iban.Length; i += 4)
        {
            printed.Append(printed.Length > 0 ? " " : string.Empty).Append(iban.AsSpan(i, Math.Min(4, iban.Length - i)));
        }

        return printed.ToString();
    }

    private static string IbanCheckDigits(string country, string bban)
    {
        // ISO 13616: the BBAN, then the country and "00", letters as 10..35, taken mod 97; the check is 98 minus that.
        int remainder = 0;
        foreach (char c in bban + country + "00")
        {
            int value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return (98 - remainder).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The secret kinds in turn: AI provider, GitHub, AWS, Stripe, Slack, Google keys, a JWT, a password, a bearer token, a connection string.</summary>
    private static string Secret(Random random, int index) => (index % 11) switch
    {
        0 => "sk-proj-" + Chars(random, Alnum, 48),
        1 => "ghp_" + Chars(random, Alnum, 36),
        2 => "AKIA" + Chars(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        3 => "sk_test_" + Chars(random, Alnum, 24),
        4 => $"xoxb-{Digits(random, 12)}-{Digits(random, 13)}-{Chars(random, Alnum, 24)}",
        5 => "AIza" + Chars(random, Alnum + "-_", 35),
        6 => Jwt(random),
        7 => "password=" + Chars(random, Alnum, 16),
        8 => "Authorization: Bearer " + Chars(random, Alnum + "-_", 40),
        9 => $"postgres://app:{Chars(random, Alnum, 20)}@db.example.com:5432/orders",
        _ => "sk-ant-api03-" + Chars(random, Alnum + "-_", 48),
    };

    private static string Jwt(Random random)
    {
        string header = EncodeSegment("""{"alg":"HS256","typ":"JWT"}""");
        string payload = EncodeSegment($$"""{"sub":"{{random.Next(100_000, 1_000_000)}}","name":"Test User","iat":1700000000}""");
        return $"{header}.{payload}.{Chars(random, Alnum + "-_", 43)}";
    }

    private static string EncodeSegment(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string Digits(Random random, int count) => Chars(random, "0123456789", count);

    private static string Chars(Random random, string alphabet, int count) =>
        string.Create(count, (random, alphabet), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
}
