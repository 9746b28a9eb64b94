namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>What the start-up probe found: whether sandboxes can run here, and with what.</summary>
internal sealed class BubblewrapAvailability
{
    private BubblewrapAvailability(bool isAvailable, string reason, HostRuntimeLayout? runtime, CgroupHierarchy cgroups)
    {
        IsAvailable = isAvailable;
        Reason = reason;
        Runtime = runtime;
        Cgroups = cgroups;
    }

    public bool IsAvailable { get; }

    /// <summary>Gets why sandboxes cannot run (bwrap missing, user namespaces refused, …); empty when they can.</summary>
    public string Reason { get; }

    /// <summary>Gets the runtime and libraries to mount; set when available.</summary>
    public HostRuntimeLayout? Runtime { get; }

    /// <summary>Gets the cgroup hierarchy sandboxes are confined in (possibly none).</summary>
    public CgroupHierarchy Cgroups { get; }

    public static BubblewrapAvailability Available(HostRuntimeLayout runtime, CgroupHierarchy cgroups) =>
        new(true, "", runtime, cgroups);

    public static BubblewrapAvailability Unavailable(string reason) =>
        new(false, reason, null, CgroupHierarchy.Unavailable);
}
