using Junction.Invocation;
using Junction.Registry;

namespace Junction.Scripting;

/// <summary>
/// The providers of one call as a script sees them (their instances) and the step back from the script's answer to
/// providers. Directories hand out the same provider array until the providers change, so the instances, and for many
/// providers an index of them, are built once per array rather than once per call.
/// </summary>
internal sealed class RouteCandidates
{
    /// <summary>Above this many providers an answer is matched through an index instead of a scan.</summary>
    private const int IndexFrom = 16;

    private IProviderInvoker[] _providers = [];
    private ServiceInstance[] _instances = [];
    private bool[] _chosen = [];
    private Dictionary<ServiceInstance, int>? _index;

    /// <summary>The instances of the providers, in their order.</summary>
    public IReadOnlyList<ServiceInstance> Instances => _instances;

    /// <summary>Makes <paramref name="providers"/> the candidates of the call.</summary>
    public void Use(IProviderInvoker[] providers)
    {
        if (ReferenceEquals(providers, _providers))
        {
            return;
        }

        var instances = new ServiceInstance[providers.Length];
        for (var i = 0; i < providers.Length; i++)
        {
            instances[i] = providers[i].Instance;
        }

        Dictionary<ServiceInstance, int>? index = null;
        if (providers.Length > IndexFrom)
        {
            index = new Dictionary<ServiceInstance, int>(providers.Length, ReferenceEqualityComparer.Instance);
            for (var i = instances.Length - 1; i >= 0; i--)
            {
                index[instances[i]] = i;
            }
        }

        _instances = instances;
        _chosen = new bool[providers.Length];
        _index = index;
        _providers = providers;
    }

    /// <summary>
    /// The candidates that appear in <paramref name="chosen"/>, in the candidates' order (Dubbo's
    /// <c>invokers.retainAll(result)</c>); the candidate array itself when all of them were chosen. An instance counts
    /// by identity, as Dubbo's invokers do: a script chooses among <see cref="Instances"/>, it does not make new ones.
    /// </summary>
    public IProviderInvoker[] Retain(IEnumerable<ServiceInstance> chosen)
    {
        if (ReferenceEquals(chosen, _instances))
        {
            return _providers;
        }

        var marks = _chosen;
        Array.Clear(marks);
        var count = 0;
        foreach (var instance in chosen)
        {
            var at = IndexOf(instance);
            if (at >= 0 && !marks[at])
            {
                marks[at] = true;
                count++;
            }
        }

        if (count == _providers.Length)
        {
            return _providers;
        }

        var result = new IProviderInvoker[count];
        for (int i = 0, next = 0; next < count; i++)
        {
            if (marks[i])
            {
                result[next++] = _providers[i];
            }
        }

        return result;
    }

    private int IndexOf(ServiceInstance? instance)
    {
        if (instance is null)
        {
            return -1;
        }

        if (_index is not null)
        {
            return _index.TryGetValue(instance, out var at) ? at : -1;
        }

        var instances = _instances;
        for (var i = 0; i < instances.Length; i++)
        {
            if (ReferenceEquals(instances[i], instance))
            {
                return i;
            }
        }

        return -1;
    }
}
