using Junction.Configuration;
using Junction.Contracts;
using Junction.Routing;
using Microsoft.Extensions.Logging;

namespace Junction.Registry.Override;

/// <summary>
/// One reference's dynamic configuration rules (Dubbo's configurators, "override rules"), watched in the config source
/// routing rules come from, under Dubbo 3's keys: <c>{interface}:{version}:{group}.configurators</c> (service scope),
/// <c>{consumer application}.configurators</c>, and <c>{provider application}.configurators</c> once the directory
/// knows the providers' application.
/// </summary>
/// <remarks>
/// <para>
/// Lives under Registry/ because that is where Dubbo applies configurators on the call path: the registry directory
/// merges them into each provider URL before it refers the provider (<c>RegistryDirectory.mergeUrl</c>), so balancers,
/// routers and the provider list all see the overridden provider.
/// </para>
/// <para>
/// Order, later overriding earlier: the provider application's rules (a Dubbo provider applies them to the URL it
/// registers, so they are in place before any consumer rule), then the consumer application's, then the service's,
/// as Dubbo's <c>overrideWithConfigurator</c> runs application configurators before service ones.
/// </para>
/// <para>
/// A document that cannot be used is logged with its key and the reason, and the rule that key had stays in force; a
/// deleted key removes its rule. Rules are parsed when they arrive, on the config source's thread.
/// </para>
/// </remarks>
internal sealed class ProviderOverrides : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IConfigSource _source;
    private readonly RouteConsumer _consumer;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _watches = [];
    private readonly FirstAnswers _answers = new();
    private readonly OverrideRule?[] _slots = new OverrideRule?[3];
    private volatile OverrideRule[] _inForce = [];
    private Action? _changed;
    private IDisposable? _providerWatch;
    private string? _providerApplication;
    private int _generation;
    private bool _disposed;

    private ProviderOverrides(ServiceDescriptor service, RouteConsumer consumer, IConfigSource source, ILogger logger)
    {
        _source = source;
        _consumer = consumer;
        _logger = logger;
        ServiceKey = service.ServiceKey;
        ServiceRuleKey = RoutingRules.ServiceKeyOf(service) + OverrideDocument.KeySuffix;
        ApplicationRuleKey = consumer.Application + OverrideDocument.KeySuffix;
    }

    private enum Slot
    {
        ProviderApplication,
        ConsumerApplication,
        Service,
    }

    /// <summary>The service key providers of this reference have (what service-scope rules must name).</summary>
    public string ServiceKey { get; }

    /// <summary>Dubbo's key of service-scoped overrides for this service.</summary>
    public string ServiceRuleKey { get; }

    /// <summary>Dubbo's key of the consumer application's overrides.</summary>
    public string ApplicationRuleKey { get; }

    /// <summary>Completes once the config source has answered for every override key watched so far.</summary>
    public Task WhenAnswered => _answers.WhenAnswered;

    /// <summary>The overrides of a reference, or null without a config source.</summary>
    public static ProviderOverrides? Create(ServiceDescriptor service, RouteConsumer consumer, IConfigSource? source, ILogger logger)
        => source is null ? null : new ProviderOverrides(service, consumer, source, logger);

    /// <summary>
    /// Starts watching; <paramref name="changed"/> is called (outside any lock here) after a rule in force changed.
    /// Rules already stored are in force when this returns if the source delivers them at once, as in-memory and file
    /// sources do, so the first provider list already has them.
    /// </summary>
    public void Start(Action changed)
    {
        _changed = changed;
        Watch(ServiceRuleKey, Slot.Service, generation: null);
        Watch(ApplicationRuleKey, Slot.ConsumerApplication, generation: null);
    }

    /// <summary>Watches the providers' application's overrides when it changes (null: not known yet).</summary>
    public void OnProviderApplication(string? application)
    {
        IDisposable? old;
        int generation;
        bool cleared;
        lock (_gate)
        {
            if (_disposed || application is null || application == _providerApplication)
            {
                return;
            }

            _providerApplication = application;
            generation = ++_generation;
            old = _providerWatch;
            _providerWatch = null;
            cleared = Set(Slot.ProviderApplication, null);
        }

        old?.Dispose();

        // The consumer's own application key is watched already; Dubbo skips the provider key when they are one.
        if (application != _consumer.Application)
        {
            try
            {
                Watch(application + OverrideDocument.KeySuffix, Slot.ProviderApplication, generation);
            }
            catch
            {
                // The next push naming this application tries again, instead of finding it watched.
                lock (_gate)
                {
                    if (generation == _generation)
                    {
                        _providerApplication = null;
                    }
                }

                throw;
            }
        }

        if (cleared)
        {
            _changed?.Invoke();
        }
    }

    /// <summary>What the rules in force make of <paramref name="registered"/>.</summary>
    public OverrideResult Apply(ServiceInstance registered)
    {
        var rules = _inForce;
        if (rules.Length == 0)
        {
            return OverrideResult.None(registered);
        }

        var target = new OverrideTarget(_consumer, registered);
        Dictionary<string, string>? merged = null;
        string? disabledBy = null;
        foreach (var rule in rules)
        {
            foreach (var item in rule.Items)
            {
                if (!item.IsMatch(target))
                {
                    continue;
                }

                merged ??= new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (name, value) in item.Parameters)
                {
                    merged[name] = value;
                    if (name == OverrideDocument.Disabled)
                    {
                        disabledBy = value == "true" ? rule.Key : null;
                    }
                }
            }
        }

        return merged is null ? OverrideResult.None(registered) : OverrideResult.Apply(registered, merged, disabledBy);
    }

    public void Dispose()
    {
        List<IDisposable> watches;
        lock (_gate)
        {
            _disposed = true;
            watches = [.. _watches];
            if (_providerWatch is not null)
            {
                watches.Add(_providerWatch);
            }

            _watches.Clear();
            _providerWatch = null;
        }

        foreach (var watch in watches)
        {
            watch.Dispose();
        }
    }

    /// <summary>Watches <paramref name="key"/> into <paramref name="slot"/>; a delivery for an older provider application is dropped.</summary>
    private void Watch(string key, Slot slot, int? generation)
    {
        var watch = _answers.Watch(_source, key, text =>
        {
            bool changed;
            lock (_gate)
            {
                changed = !_disposed && (generation is not { } g || g == _generation) && Accept(key, slot, text);
            }

            // Outside the lock: the directory re-applies the rules under its own.
            if (changed)
            {
                _changed?.Invoke();
            }
        });

        bool stale;
        lock (_gate)
        {
            stale = _disposed || (generation is { } g && g != _generation);
            if (!stale && generation is null)
            {
                _watches.Add(watch);
            }
            else if (!stale)
            {
                _providerWatch = watch;
            }
        }

        // Outside the lock: disposing waits for a delivery in progress.
        if (stale)
        {
            watch.Dispose();
        }
    }

    /// <summary>Parses and stores a delivered document, under the lock; false when nothing in force changed (a bad document is logged).</summary>
    private bool Accept(string key, Slot slot, string? text)
    {
        if (text is null)
        {
            if (Set(slot, null))
            {
                _logger.LogInformation("Override {Key}: removed.", key);
                return true;
            }

            return false;
        }

        OverrideRule rule;
        try
        {
            rule = OverrideDocument.Parse(key, text);
        }
        catch (OverrideRuleException e)
        {
            _logger.LogError("{Message} The overrides it had stay in force.", e.Message);
            return false;
        }

        foreach (var warning in rule.Warnings)
        {
            _logger.LogWarning("Override {Key}: {Warning}.", key, warning);
        }

        if (rule.Enabled && !rule.ApplicationScope && rule.Target != ServiceKey)
        {
            _logger.LogWarning(
                "Override {Key}: its key \"{Target}\" is not this service's key \"{Service}\" (group/interface:version), so none of its configs apply to it.",
                key,
                rule.Target,
                ServiceKey);
        }

        Set(slot, rule);
        _logger.LogInformation("Override {Key}: {State}.", key, rule.Enabled ? $"{rule.Items.Count} config(s) in force" : "disabled");
        return true;
    }

    /// <summary>Puts <paramref name="rule"/> in its slot and publishes the rules in force, under the lock; false when the slot stays empty.</summary>
    private bool Set(Slot slot, OverrideRule? rule)
    {
        if (_slots[(int)slot] is null && rule is null)
        {
            return false;
        }

        _slots[(int)slot] = rule;
        var inForce = new List<OverrideRule>(_slots.Length);
        foreach (var held in _slots)
        {
            if (held is { Enabled: true })
            {
                inForce.Add(held);
            }
        }

        _inForce = [.. inForce];
        return true;
    }
}
