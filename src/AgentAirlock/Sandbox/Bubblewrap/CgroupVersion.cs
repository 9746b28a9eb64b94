namespace AgentAirlock.Sandbox.Bubblewrap;

/// <summary>Which cgroup hierarchy backs the sandbox's memory and process-count limits.</summary>
internal enum CgroupVersion
{
    /// <summary>No writable hierarchy with the memory and pids controllers: rlimits and the GC heap limit only.</summary>
    None,

    /// <summary>The v1 <c>memory</c> and <c>pids</c> hierarchies.</summary>
    V1,

    /// <summary>The unified (v2) hierarchy, with <c>memory</c> and <c>pids</c> enabled for Airlock's groups.</summary>
    V2,
}
