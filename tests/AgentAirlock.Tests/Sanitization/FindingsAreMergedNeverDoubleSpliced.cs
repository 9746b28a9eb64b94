using AgentAirlock.Sanitization;

namespace AgentAirlock.Tests.Sanitization;

public sealed class FindingsAreMergedNeverDoubleSpliced
{
    private static Finding[] Normalized(params Finding[] findings)
    {
        FindingList list = FindingList.AcceptingAll();
        foreach (Finding finding in findings)
        {
            list.Add(finding.Start, finding.Length, finding.Type);
        }

        list.Normalize();
        return [.. list.Items];
    }

    [Fact]
    public void Findings_are_sorted_by_start()
    {
        Finding[] result = Normalized(new(20, 5, SensitiveDataType.Email), new(0, 3, SensitiveDataType.Ssn), new(10, 2, SensitiveDataType.Phone));

        Assert.Equal([new(0, 3, SensitiveDataType.Ssn), new(10, 2, SensitiveDataType.Phone), new(20, 5, SensitiveDataType.Email)], result);
    }

    [Fact]
    public void A_finding_inside_another_is_absorbed_by_it()
    {
        Finding[] result = Normalized(new(5, 40, SensitiveDataType.PrivateKey), new(10, 10, SensitiveDataType.Phone));

        Assert.Equal([new(5, 40, SensitiveDataType.PrivateKey)], result);
    }

    [Fact]
    public void Overlapping_findings_become_one_span_typed_as_the_longer()
    {
        Finding[] result = Normalized(new(0, 10, SensitiveDataType.Phone), new(6, 20, SensitiveDataType.Password));

        Assert.Equal([new(0, 26, SensitiveDataType.Password)], result);
    }

    [Fact]
    public void A_secret_wins_over_longer_personal_data()
    {
        Finding[] result = Normalized(new(10, 20, SensitiveDataType.Email), new(10, 3, SensitiveDataType.ConnectionString));

        Assert.Equal([new(10, 20, SensitiveDataType.ConnectionString)], result);
    }

    [Fact]
    public void A_chain_of_overlaps_merges_into_one_span()
    {
        Finding[] result = Normalized(new(0, 5, SensitiveDataType.Phone), new(4, 5, SensitiveDataType.Ssn), new(8, 5, SensitiveDataType.PaymentCard), new(20, 1, SensitiveDataType.Email));

        Assert.Equal([new(0, 13, SensitiveDataType.Phone), new(20, 1, SensitiveDataType.Email)], result);
    }

    [Fact]
    public void Adjacent_findings_stay_apart()
    {
        Finding[] result = Normalized(new(0, 5, SensitiveDataType.Phone), new(5, 5, SensitiveDataType.Ssn));

        Assert.Equal(2, result.Length);
    }

    [Fact]
    public void Disabled_types_are_dropped_as_they_are_added()
    {
        bool[] enabled = Enumerable.Repeat(true, Enum.GetValues<SensitiveDataType>().Length).ToArray();
        enabled[(int)SensitiveDataType.IpAddress] = false;
        var list = new FindingList(enabled);

        list.Add(0, 7, SensitiveDataType.IpAddress);
        list.Add(10, 7, SensitiveDataType.Email);

        Assert.Equal([new(10, 7, SensitiveDataType.Email)], list.Items);
    }
}
