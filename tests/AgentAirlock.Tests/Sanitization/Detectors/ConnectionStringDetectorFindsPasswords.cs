using AgentAirlock.Sanitization;
using AgentAirlock.Sanitization.Detectors;
using static AgentAirlock.Tests.Sanitization.Detectors.SecretDetectorHarness;

namespace AgentAirlock.Tests.Sanitization.Detectors;

public sealed class ConnectionStringDetectorFindsPasswords
{
    private static readonly ConnectionStringDetector Detector = new();

    [Theory]
    [InlineData("postgres://app:s3cr3tpw@db.example.com:5432/app", "s3cr3tpw")]
    [InlineData("DATABASE_URL=postgresql://app:fake-pass@localhost/db?sslmode=require", "fake-pass")]
    [InlineData("mysql://root:rootpw@127.0.0.1:3306", "rootpw")]
    [InlineData("mysql://root:[ROOTPW]@db:3306/app", "[ROOTPW]")]
    [InlineData("\"mongodb+srv://user:m0ng0pw@cluster0.example.net/test\"", "m0ng0pw")]
    [InlineData("redis://:redispw@cache:6379/0", "redispw")]
    [InlineData("rediss://default:tlspw@cache", "tlspw")]
    [InlineData("amqps://guest:p%40ss@mq.example.com/vhost", "p%40ss")]
    [InlineData("sqlserver://sa:Sql;pw!@db", "Sql;pw!")]
    [InlineData("ftp://anon:x@files.example.com/pub", "x")]
    [InlineData("see https://user:pa@ss@host.example/path", "pa@ss")]
    [InlineData("mssql://sa:pw:with:colons@db", "pw:with:colons")]
    public void Uri_passwords_are_found_without_user_or_host(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.ConnectionString);

    [Theory]
    [InlineData("Server=db;User Id=sa;Password=Passw0rd!;", "Passw0rd!")]
    [InlineData("Server=db;Database=app;Pwd=abc", "abc")]
    [InlineData("password=fakepw;Server=db", "fakepw")]
    [InlineData("Data Source=x; Password = my secret ;Encrypt=true", "my secret")]
    [InlineData("PASSWORD='x;y';Server=z", "x;y")]
    [InlineData("Server=x;Password=\"a;b\"", "a;b")]
    [InlineData("Server=x;Password='it''s'", "it''s")]
    [InlineData("Driver={ODBC Driver 18};PWD={p;w}}d};Server=x", "p;w}}d")]
    [InlineData("\"ConnectionStrings\": { \"Db\": \"Server=x;Password=fakepw\" }", "fakepw")]
    [InlineData("conn = 'Host=h;Password=fakepw'", "fakepw")]
    [InlineData("Server=x;Password=fakepw\nNext line", "fakepw")]
    public void Ado_net_and_odbc_passwords_are_found(string input, string expected) =>
        AssertFinds(Detector, input, expected, SensitiveDataType.ConnectionString);

    [Theory]
    [InlineData("https://example.com/a:b@c")]
    [InlineData("http://host:8080/path")]
    [InlineData("user:pass@host")]
    [InlineData("://user:pass@host")]
    [InlineData("postgres://user:@host")]
    [InlineData("postgres://user@host")]
    [InlineData("https://example.com/?email=a:b@c.com")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("PASSWORD=hunter2hunter2")]
    [InlineData("DB_PASSWORD=abc;")]
    [InlineData("Server=x;Password=;")]
    [InlineData("Server=x;NewPassword=abc;")]
    [InlineData("Server=x;User=me;")]
    [InlineData("mysql://root:[CONNECTION_STRING:524695f8]@db/app")]
    [InlineData("Server=db;User Id=sa;Password=[CONNECTION_STRING:524695f8];")]
    public void Other_uris_and_assignments_are_not_reported(string input) => AssertIgnores(Detector, input);

    [Fact]
    public void Both_forms_in_one_text_are_found()
    {
        var findings = Scan(Detector, "a postgres://u:pw1@h/db b Server=h;Password=pw2; c");

        Assert.Equal(["pw1", "pw2"], findings.Select(f => f.Value));
    }

    [Theory]
    [InlineData("a:b@", 0)]
    [InlineData("://a:b@", 0)]
    [InlineData("password=", 0)]
    [InlineData("Password='", 0)]
    [InlineData("Password={", 0)]
    [InlineData("Password=;", 0)]
    [InlineData("x://a:b@", 131072)]
    public void A_mebibyte_of_adversarial_input_is_scanned_quickly(string unit, int expected)
    {
        var (findings, elapsed) = ScanRepeated(Detector, unit);

        DetectorHarness.AssertQuick(expected, findings, elapsed);
    }
}
