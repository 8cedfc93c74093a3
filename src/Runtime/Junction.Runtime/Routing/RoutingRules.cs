using Junction.Configuration;
using Junction.Contracts;
using Junction.Invocation;
using Junction.Routing.Condition;
using Junction.Routing.Tag;
using Microsoft.Extensions.Logging;

namespace Junction.Routing;

/// <summary>
/// Keeps one reference's <see cref="RouterChain"/> in step with its rules: rules given in code, and rules watched in the
/// config source under Dubbo's keys. The chain runs, in Dubbo's order: tag → service conditions (code, then
/// <c>{interface}:{version}:{group}.condition-router</c>) → consumer application conditions
/// (<c>{application}.condition-router</c>) → provider application conditions → other kinds of rule (scripts) → the
/// user's routers by priority.
/// </summary>
/// <remarks>
/// Rules are parsed (scripts compiled) when they arrive, on the config source's thread, never on the call path. A rule
/// that cannot be used is logged with its key and the chain keeps the rule it had; a removed rule stops applying.
/// Rules keyed by the provider application (tag, provider conditions, scripts) are watched once the directory knows the
/// providers' application, and re-watched when it changes, as Dubbo does on address notification.
/// </remarks>
internal sealed class RoutingRules : IDisposable
{
    internal const string ConditionSuffix = ".condition-router";
    internal const string TagSuffix = ".tag-router";

    private readonly Lock _gate = new();
    private readonly RouteConsumer _consumer;
    private readonly IConfigSource? _source;
    private readonly IRoutingRuleFactory[] _factories;
    private readonly IRouter[] _codeConditions;
    private readonly IRouter[] _userRouters;
    private readonly ILogger _logger;
    private readonly string _service;
    private readonly List<IDisposable> _watches = [];
    private readonly List<IDisposable> _providerWatches = [];
    private readonly FirstAnswers _answers = new();
    private readonly IRouter?[] _factoryRules;
    private IRouter _tag;
    private IRouter[] _serviceRules = [];
    private IRouter[] _applicationRules = [];
    private IRouter[] _providerApplicationRules = [];
    private string? _providerApplication;
    private int _providerGeneration;
    private bool _disposed;

    public RoutingRules(
        ServiceDescriptor service,
        RouteConsumer consumer,
        IConfigSource? source,
        IEnumerable<IRoutingRuleFactory> factories,
        IEnumerable<ConditionRule> codeConditions,
        IEnumerable<IRouter> userRouters,
        ILogger logger)
    {
        _consumer = consumer;
        _source = source;
        _factories = [.. factories];
        _factoryRules = new IRouter?[_factories.Length];
        _codeConditions = [.. codeConditions.Select(rule => (IRouter)new ConditionRouter(rule, consumer, "code", logger: logger))];
        _userRouters = [.. userRouters.OrderBy(r => r.Priority)];
        _logger = logger;
        _service = ServiceKeyOf(service);
        _tag = new TagRouter(consumer, null, _service);
        ServiceRuleKey = _service + ConditionSuffix;
        Chain = new RouterChain([]);
        Rebuild();
        if (source is not null)
        {
            Watch(_watches, ServiceRuleKey, text => Set(ref _serviceRules, ServiceRuleKey, ParseConditions(ServiceRuleKey, text)), generation: null);
            var applicationKey = consumer.Application + ConditionSuffix;
            Watch(_watches, applicationKey, text => Set(ref _applicationRules, applicationKey, ParseConditions(applicationKey, text)), generation: null);
        }
    }

    /// <summary>The chain the reference's cluster routes through.</summary>
    public RouterChain Chain { get; }

    /// <summary>Completes once the config source has answered for every rule key watched so far (rules in force or absent).</summary>
    public Task WhenAnswered => _answers.WhenAnswered;

    /// <summary>Dubbo's key of service-scoped condition rules for this service.</summary>
    public string ServiceRuleKey { get; }

    /// <summary>The provider application whose rules are watched now, or null.</summary>
    public string? ProviderApplication
    {
        get
        {
            lock (_gate)
            {
                return _providerApplication;
            }
        }
    }

    /// <summary>
    /// Dubbo's colon-separated service key, <c>{interface}:{version}:{group}</c>; empty parts keep their colons
    /// (<c>com.foo.BarService::</c>), exactly as Dubbo's config keys have them.
    /// </summary>
    public static string ServiceKeyOf(ServiceDescriptor service) => service.InterfaceName + ":" + service.Version + ":" + service.Group;

    /// <summary>Called with every provider snapshot: watches the rules of the providers' application when it changes.</summary>
    public void OnProviders(IProviderInvoker[] providers)
    {
        if (_source is null)
        {
            return;
        }

        string? application = null;
        foreach (var provider in providers)
        {
            if (provider.Instance.Metadata.TryGetValue("application", out var name) && name.Length > 0)
            {
                application = name;
                break;
            }
        }

        List<IDisposable> old;
        int generation;
        lock (_gate)
        {
            if (_disposed || application is null || string.Equals(application, _providerApplication, StringComparison.Ordinal))
            {
                return;
            }

            _providerApplication = application;
            generation = ++_providerGeneration;
            old = [.. _providerWatches];
            _providerWatches.Clear();
            _tag = new TagRouter(_consumer, null, _service);
            _providerApplicationRules = [];
            Array.Clear(_factoryRules);
        }

        try
        {
            foreach (var watch in old)
            {
                watch.Dispose();
            }

            _logger.LogInformation("Routing for {Service}: providers belong to application {Application}; watching its tag, condition and script rules.", ServiceRuleKey, application);
            WatchProviderApplication(application, generation);
        }
        catch
        {
            // The next provider list naming this application tries again, instead of finding it watched.
            lock (_gate)
            {
                if (generation == _providerGeneration)
                {
                    _providerApplication = null;
                }
            }

            throw;
        }
        finally
        {
            // Even when a watch threw: the previous application's rules were cleared above and must leave the chain.
            lock (_gate)
            {
                Rebuild();
            }
        }
    }

    private void WatchProviderApplication(string application, int generation)
    {
        var tagKey = application + TagSuffix;
        Watch(_providerWatches, tagKey, text => SetTag(tagKey, text), generation);

        // Dubbo skips the provider application's conditions when the consumer is that application: they are the same key.
        if (!string.Equals(application, _consumer.Application, StringComparison.Ordinal))
        {
            var conditionKey = application + ConditionSuffix;
            Watch(_providerWatches, conditionKey, text => Set(ref _providerApplicationRules, conditionKey, ParseConditions(conditionKey, text)), generation);
        }

        for (var i = 0; i < _factories.Length; i++)
        {
            var index = i;
            var key = application + _factories[i].KeySuffix;
            Watch(_providerWatches, key, text => SetFactoryRule(index, key, text), generation);
        }
    }

    public void Dispose()
    {
        List<IDisposable> watches;
        lock (_gate)
        {
            _disposed = true;
            watches = [.. _watches, .. _providerWatches];
            _watches.Clear();
            _providerWatches.Clear();
        }

        foreach (var watch in watches)
        {
            watch.Dispose();
        }
    }

    /// <summary>Watches <paramref name="key"/>; a delivery for an older provider application (<paramref name="generation"/>) is dropped.</summary>
    private void Watch(List<IDisposable> into, string key, Func<string?, bool> apply, int? generation)
    {
        var watch = _answers.Watch(_source!, key, text =>
        {
            lock (_gate)
            {
                if (_disposed || (generation is { } g && g != _providerGeneration))
                {
                    return;
                }

                if (apply(text))
                {
                    Rebuild();
                }
            }
        });

        bool stale;
        lock (_gate)
        {
            stale = _disposed || (generation is { } g && g != _providerGeneration);
            if (!stale)
            {
                into.Add(watch);
            }
        }

        // Outside the lock: disposing waits for a delivery in progress, which itself takes the lock.
        if (stale)
        {
            watch.Dispose();
        }
    }

    /// <summary>The routers of a condition document, null when it cannot be used (logged), empty when removed or disabled.</summary>
    private IRouter[]? ParseConditions(string key, string? text)
    {
        if (text is null)
        {
            return [];
        }

        try
        {
            return [.. ConditionRuleDocument.Parse(key, text, _consumer, next: null, _logger)];
        }
        catch (RoutingRuleException e)
        {
            _logger.LogError("{Message} Routing keeps the rule it had.", e.Message);
            return null;
        }
    }

    private bool Set(ref IRouter[] slot, string key, IRouter[]? routers)
    {
        if (routers is null)
        {
            return false;
        }

        slot = routers;
        _logger.LogInformation("Routing rule {Key}: {Count} condition(s) in force.", key, routers.Length);
        return true;
    }

    private bool SetTag(string key, string? text)
    {
        try
        {
            var rule = text is null ? null : TagRuleDocument.Parse(key, text);
            foreach (var warning in rule?.Warnings ?? [])
            {
                _logger.LogWarning("Routing rule {Key}: {Warning}", key, warning);
            }

            _tag = new TagRouter(_consumer, rule, text is null ? _service : key);
            _logger.LogInformation("Routing rule {Key}: {State}.", key, text is null ? "removed, static tags only" : "in force");
            return true;
        }
        catch (RoutingRuleException e)
        {
            _logger.LogError("{Message} Routing keeps the rule it had.", e.Message);
            return false;
        }
    }

    private bool SetFactoryRule(int index, string key, string? text)
    {
        try
        {
            _factoryRules[index] = text is null ? null : _factories[index].Create(key, text, _consumer);
            _logger.LogInformation("Routing rule {Key}: {State}.", key, text is null ? "removed" : _factoryRules[index] is null ? "disabled" : "in force");
            return true;
        }
        catch (RoutingRuleException e)
        {
            _logger.LogError("{Message} Routing keeps the rule it had.", e.Message);
            return false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A factory of someone else's (or a bug in ours) must not lose the rule in force, nor, on a config source's
            // timer thread, end the process.
            _logger.LogError(e, "Routing rule {Key}: {Factory} failed on it ({Type}: {Reason}). Routing keeps the rule it had.", key, _factories[index].GetType().Name, e.GetType().Name, e.Message);
            return false;
        }
    }

    /// <summary>Puts the chain together in Dubbo's order; called under the lock.</summary>
    private void Rebuild()
    {
        var routers = new List<IRouter> { _tag };
        routers.AddRange(_codeConditions);
        routers.AddRange(_serviceRules);
        routers.AddRange(_applicationRules);
        routers.AddRange(_providerApplicationRules);
        foreach (var rule in _factoryRules)
        {
            if (rule is not null)
            {
                routers.Add(rule);
            }
        }

        routers.AddRange(_userRouters);
        Chain.Update([.. routers]);
    }
}
