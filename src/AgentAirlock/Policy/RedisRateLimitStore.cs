using System.Text;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentAirlock.Policy;

/// <summary>
/// Buckets in Redis, so every Airlock instance shares one budget. One Lua script takes a token from all the buckets
/// of a call atomically on the server (all or nothing), reading the server's clock, so instances need not agree on
/// time. The connection is made on first use; a store that cannot be reached reports it, and the caller decides
/// (fail closed or open).
/// </summary>
internal sealed partial class RedisRateLimitStore : IRateLimitStore, IAsyncDisposable
{
    // KEYS: the buckets. ARGV, per bucket: capacity, cost of a token and refill per millisecond, all in whole units
    // (Rate.SharedUnits), so the arithmetic is exact in Lua's doubles. Returns {1, 0, 0} when every bucket had a token
    // (one is taken from each), else {0, index (1-based) of the bucket that keeps the caller waiting longest,
    // milliseconds until it has a token, or -1 when it never refills}. A key lives as long as its bucket needs to
    // refill, plus a second: a missing key and a full bucket mean the same.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local units = {}
        local refused, longest = 0, 0
        for i = 1, #KEYS do
          local capacity = tonumber(ARGV[(i - 1) * 3 + 1])
          local cost = tonumber(ARGV[(i - 1) * 3 + 2])
          local refill = tonumber(ARGV[(i - 1) * 3 + 3])
          local state = redis.call('HMGET', KEYS[i], 'u', 'ts')
          local available = tonumber(state[1])
          local stamp = tonumber(state[2])
          if available == nil or stamp == nil then
            available = capacity
            stamp = now
          end
          if now > stamp then
            available = math.min(capacity, available + (now - stamp) * refill)
          end
          units[i] = available
          if available < cost then
            local wait = -1
            if refill > 0 then wait = math.floor((cost - available + refill - 1) / refill) end
            if refused == 0 or wait < 0 or (longest >= 0 and wait > longest) then
              refused = i
              longest = wait
            end
          end
        end
        local take = 1
        if refused > 0 then take = 0 end
        for i = 1, #KEYS do
          local capacity = tonumber(ARGV[(i - 1) * 3 + 1])
          local cost = tonumber(ARGV[(i - 1) * 3 + 2])
          local refill = tonumber(ARGV[(i - 1) * 3 + 3])
          local left = units[i] - take * cost
          local ttl = 1000
          if refill > 0 then ttl = ttl + math.floor((capacity - left + refill - 1) / refill) end
          redis.call('HSET', KEYS[i], 'u', string.format('%.0f', left), 'ts', now)
          redis.call('PEXPIRE', KEYS[i], ttl)
        end
        if refused == 0 then return {1, 0, 0} end
        return {0, refused, longest}
        """;

    private readonly ILogger _logger;
    private readonly Lock _connectLock = new();
    private readonly string _configuration;
    private readonly string _keyPrefix;
    private readonly TimeSpan _timeout;
    private const long WarningInterval = 10_000;

    private readonly TaskCompletionSource _firstConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<ConnectionMultiplexer>? _connection;
    private long _lastWarning = -WarningInterval;
    private bool _everConnected;

    public RedisRateLimitStore(RedisStoreOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _configuration = options.Configuration;
        _keyPrefix = options.KeyPrefix;
        _timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds);
        _logger = logger;
    }

    private TimeSpan ConnectTimeout => TimeSpan.FromMilliseconds(Math.Max(_timeout.TotalMilliseconds, 2000));

    /// <summary>Whether this store was made for these settings; a reload that changes any of them makes a new store.</summary>
    public bool Matches(RedisStoreOptions options) =>
        options.Configuration == _configuration
        && options.KeyPrefix == _keyPrefix
        && options.TimeoutMilliseconds == (int)_timeout.TotalMilliseconds;

    public async ValueTask<RateLimitOutcome> AcquireAsync(CompiledPolicy policy, AgentIdentity identity, string tool, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(identity);
        List<RateRule>? rules = null;
        foreach (RateRule rule in policy.Rates)
        {
            if (rule.Governs(tool))
            {
                (rules ??= []).Add(rule);
            }
        }

        if (rules is null)
        {
            return RateLimitOutcome.Admitted;
        }

        var keys = new RedisKey[rules.Count];
        var values = new RedisValue[rules.Count * 3];
        for (int i = 0; i < rules.Count; i++)
        {
            Rate rate = rules[i].Rate;
            (long perToken, long perMillisecond) = rate.SharedUnits;
            keys[i] = KeyFor(RateLimitKey.For(rules[i], identity, tool));
            values[i * 3] = perToken * rate.Tokens;
            values[(i * 3) + 1] = perToken;
            values[(i * 3) + 2] = perMillisecond;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            ConnectionMultiplexer connection = await ConnectAsync().WaitAsync(deadline.Token);
            if (!connection.IsConnected)
            {
                if (Volatile.Read(ref _everConnected))
                {
                    // Known to be down: fail now rather than wait for the timeout on every call.
                    return Unreachable("NotConnected", "Redis is not connected; the client keeps reconnecting in the background.");
                }

                // The first connection is still being made (it starts when the policy layer starts): wait for it, within
                // this decision's deadline.
                await _firstConnection.Task.WaitAsync(deadline.Token);
            }

            RedisResult result = await connection.GetDatabase()
                .ScriptEvaluateAsync(Script, keys, values)
                .WaitAsync(deadline.Token);
            var reply = (RedisResult[])result!;
            if ((long)reply[0] == 1)
            {
                return RateLimitOutcome.Admitted;
            }

            long wait = (long)reply[2];
            RateRule refusedBy = rules[(int)(long)reply[1] - 1];
            return new RateLimitOutcome(false, refusedBy, wait < 0 ? refusedBy.Rate.Period : TimeSpan.FromMilliseconds(wait));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unreachable("Timeout", $"Redis did not answer within {_timeout.TotalMilliseconds} ms.");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidCastException or ObjectDisposedException)
        {
            return Unreachable(exception.GetType().Name, exception.Message);
        }
    }

    private RateLimitOutcome Unreachable(string kind, string problem)
    {
        // One warning per interval: with the store down, every call fails the same way.
        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref _lastWarning);
        if (now - last >= WarningInterval && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            LogUnavailable(_logger, kind, problem);
        }

        return new RateLimitOutcome(false, null, TimeSpan.Zero, Unavailable: true);
    }

    public async ValueTask DisposeAsync()
    {
        Task<ConnectionMultiplexer>? connection = _connection;
        if (connection is null)
        {
            return;
        }

        try
        {
            // A connection still being made (to a store that is down) is closed once it exists.
            ConnectionMultiplexer multiplexer = await connection.WaitAsync(TimeSpan.FromSeconds(5));
            await multiplexer.DisposeAsync();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogUnavailable(_logger, exception.GetType().Name, exception.Message);
        }
    }

    /// <summary>Why <paramref name="configuration"/> cannot be parsed (the message names the option), or <see langword="null"/>.</summary>
    public static string? ConfigurationProblem(string configuration)
    {
        try
        {
            ConfigurationOptions.Parse(configuration);
            return null;
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>Starts connecting, so that the first decision does not pay for the connection.</summary>
    public void StartConnecting() => _ = ConnectAsync();

    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        Task<ConnectionMultiplexer>? connection = _connection;
        if (connection is not null && !connection.IsFaulted)
        {
            return connection;
        }

        lock (_connectLock)
        {
            if (_connection is null || _connection.IsFaulted)
            {
                ConfigurationOptions options = ConfigurationOptions.Parse(_configuration);

                // Keep retrying in the background rather than failing once for ever; meanwhile commands fail at
                // once instead of queuing for the reconnect (decisions must not wait on a store that is down).
                options.AbortOnConnectFail = false;
                options.BacklogPolicy = BacklogPolicy.FailFast;
                options.ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds;
                options.AsyncTimeout = (int)_timeout.TotalMilliseconds;
                options.SyncTimeout = (int)_timeout.TotalMilliseconds;
                _connection = ConnectAndWatchAsync(options);
            }

            return _connection;
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAndWatchAsync(ConfigurationOptions options)
    {
        ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(options);
        connection.ConnectionRestored += (_, _) => MarkConnected();
        if (connection.IsConnected)
        {
            MarkConnected();
        }

        return connection;
    }

    private void MarkConnected()
    {
        Volatile.Write(ref _everConnected, true);
        _firstConnection.TrySetResult();
    }

    private RedisKey KeyFor(RateLimitKey key)
    {
        var text = new StringBuilder(_keyPrefix.Length + 64);
        text.Append(_keyPrefix).Append("rl:");
        AppendPart(text, key.RuleId);
        text.Append(':');
        AppendPart(text, key.Agent);
        text.Append(':');
        AppendPart(text, key.Tool);
        return text.ToString();
    }

    /// <summary>Escapes the separator (and the "any" mark of a part the scope does not use), so no two keys read the same.</summary>
    private static void AppendPart(StringBuilder text, string? part)
    {
        if (part is null)
        {
            text.Append('*');
            return;
        }

        foreach (char c in part)
        {
            _ = c switch
            {
                '%' => text.Append("%25"),
                ':' => text.Append("%3A"),
                '*' => text.Append("%2A"),
                _ => text.Append(c),
            };
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning,
        Message = "The Redis rate-limit store could not be reached ({Kind}): {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string kind, string problem);
}
