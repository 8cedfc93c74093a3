using Junction.Consul.Tests.Double.Wire;
using Microsoft.AspNetCore.Http;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// <c>/v1/agent/service/register</c>, <c>/v1/agent/service/deregister/:id</c> and the TTL updates
/// <c>/v1/agent/check/pass|warn|fail|update/:check_id</c> (<c>agent/agent_endpoint.go</c>). Writes answer 200 with an
/// empty body.
/// </summary>
internal sealed class AgentEndpoints(ConsulStore store, AclGate acl, HeartbeatFaults faults)
{
    private static readonly TimeSpan MinimumDeregisterAfter = TimeSpan.FromMinutes(1);

    public async Task RegisterAsync(HttpContext context, string tail)
    {
        var body = await RequestJson.ReadAsync<ServiceRegistrationBody>(context.Request.Body, context.RequestAborted).ConfigureAwait(false)
            ?? new ServiceRegistrationBody();
        var checks = new List<CheckBody>();
        foreach (var check in (IEnumerable<CheckBody?>)[body.Check, .. body.Checks ?? []])
        {
            if (check is { IsEmpty: false })
            {
                checks.Add(check);
            }
        }

        RegistrationValidator.Validate(body, checks);
        AclGate.Demand(acl.Resolve(context.Request), "service:write", body.Name!);
        var replaceChecks = context.Request.Query.TryGetValue("replace-existing-checks", out var replace)
            && (replace.ToString().Length == 0 || bool.TryParse(replace.ToString(), out var yes) && yes);
        lock (store.Gate)
        {
            Register(body, checks, replaceChecks);
        }
    }

    public Task DeregisterAsync(HttpContext context, string serviceId)
    {
        if (serviceId.Length == 0)
        {
            throw ConsulHttpError.BadRequest("Missing service ID");
        }

        var allowed = acl.Resolve(context.Request);
        lock (store.Gate)
        {
            if (!store.Services.TryGetValue(serviceId, out var service))
            {
                throw ConsulHttpError.NotFound($"Unknown service ID \"{serviceId}\". Ensure that the service ID is passed, not the service name.");
            }

            AclGate.Demand(allowed, "service:write", service.Name);
            store.RemoveService(serviceId);
            store.Commit();
        }

        return Task.CompletedTask;
    }

    /// <summary><c>/check/pass|warn|fail/:id?note=</c>: the note becomes the check's output.</summary>
    public Task TtlAsync(HttpContext context, string checkId, string status)
    {
        UpdateTtl(context, checkId, status, context.Request.Query["note"].ToString());
        return Task.CompletedTask;
    }

    public async Task UpdateAsync(HttpContext context, string checkId)
    {
        var body = await RequestJson.ReadAsync<CheckUpdateBody>(context.Request.Body, context.RequestAborted).ConfigureAwait(false)
            ?? new CheckUpdateBody();
        if (!HealthStatus.IsValid(body.Status))
        {
            throw ConsulHttpError.BadRequest($"Invalid check status: '{body.Status}'");
        }

        UpdateTtl(context, checkId, body.Status!, body.Output ?? string.Empty);
    }

    private void UpdateTtl(HttpContext context, string checkId, string status, string output)
    {
        var allowed = acl.Resolve(context.Request);
        faults.ThrowIfQueued(checkId);
        lock (store.Gate)
        {
            if (!store.Checks.TryGetValue(checkId, out var check))
            {
                throw HeartbeatFaults.UnknownCheck(checkId);
            }

            AclGate.Demand(allowed, check.ServiceID.Length == 0 ? "node:write" : "service:write", check.ServiceID.Length == 0 ? string.Empty : check.ServiceName);
            if (check.Ttl is not { } ttl)
            {
                throw HeartbeatFaults.NoTtl(checkId);
            }

            var now = store.Now;
            check.TtlDeadline = now + ttl;
            if (check.Update(status, output, now))
            {
                check.ModifyIndex = store.Commit();
            }
        }
    }

    private void Register(ServiceRegistrationBody body, List<CheckBody> checks, bool replaceChecks)
    {
        var id = string.IsNullOrEmpty(body.ID) ? body.Name! : body.ID;
        var index = store.Commit();
        store.Services.TryGetValue(id, out var previous);
        var service = new ServiceEntry
        {
            ID = id,
            Name = body.Name!,
            Kind = body.Kind ?? string.Empty,
            Tags = body.Tags ?? [],
            Address = body.Address ?? string.Empty,
            Port = body.Port,
            TaggedAddresses = body.TaggedAddresses?.ToDictionary(p => p.Key, p => (p.Value.Address ?? string.Empty, p.Value.Port)),
            Meta = body.Meta ?? [],
            WeightPassing = body.Weights?.Passing ?? 1,
            WeightWarning = body.Weights?.Warning ?? 1,
            EnableTagOverride = body.EnableTagOverride,
            CreateIndex = previous?.CreateIndex ?? index,
            ModifyIndex = index,
        };
        store.Services[id] = service;

        var kept = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < checks.Count; i++)
        {
            var check = checks[i];
            var checkId = !string.IsNullOrEmpty(check.CheckID) ? check.CheckID
                : !string.IsNullOrEmpty(check.ID) ? check.ID
                : checks.Count > 1 ? $"service:{id}:{i + 1}" : $"service:{id}";
            kept.Add(checkId);

            // agent.go restores the status and output of a check re-registered under the same ID.
            store.Checks[checkId] = NewCheck(check, checkId, service, store.Checks.GetValueOrDefault(checkId), index);
        }

        if (replaceChecks)
        {
            foreach (var stale in store.ChecksOf(id).Where(c => !kept.Contains(c.CheckID)).ToList())
            {
                store.Checks.Remove(stale.CheckID);
            }
        }
    }

    /// <summary><c>PUT /v1/agent/check/register</c>: a check on a registered service (<c>ServiceID</c>) or on the node.</summary>
    public async Task RegisterCheckAsync(HttpContext context, string tail)
    {
        var body = await RequestJson.ReadAsync<CheckBody>(context.Request.Body, context.RequestAborted).ConfigureAwait(false) ?? new CheckBody();
        if (string.IsNullOrEmpty(body.Name))
        {
            throw ConsulHttpError.BadRequest("Missing check name");
        }

        if (!string.IsNullOrEmpty(body.Status) && !HealthStatus.IsValid(body.Status))
        {
            throw ConsulHttpError.BadRequest("Bad check status");
        }

        RegistrationValidator.ValidateCheck(body);
        var allowed = acl.Resolve(context.Request);
        lock (store.Gate)
        {
            ServiceEntry? service = null;
            if (!string.IsNullOrEmpty(body.ServiceID) && !store.Services.TryGetValue(body.ServiceID, out service))
            {
                throw ConsulHttpError.NotFound($"ServiceID \"{body.ServiceID}\" does not exist");
            }

            AclGate.Demand(allowed, service is null ? "node:write" : "service:write", service?.Name ?? string.Empty);
            var checkId = !string.IsNullOrEmpty(body.CheckID) ? body.CheckID : !string.IsNullOrEmpty(body.ID) ? body.ID : body.Name;
            store.Checks[checkId] = NewCheck(body, checkId, service, store.Checks.GetValueOrDefault(checkId), store.Commit());
        }
    }

    /// <summary><c>PUT /v1/agent/check/deregister/:check_id</c>.</summary>
    public Task DeregisterCheckAsync(HttpContext context, string checkId)
    {
        var allowed = acl.Resolve(context.Request);
        lock (store.Gate)
        {
            if (!store.Checks.TryGetValue(checkId, out var check) || checkId == ConsulStore.SerfHealthCheckId)
            {
                throw HeartbeatFaults.UnknownCheck(checkId);
            }

            AclGate.Demand(allowed, check.ServiceID.Length == 0 ? "node:write" : "service:write", check.ServiceName);
            store.Checks.Remove(checkId);
            store.Commit();
        }

        return Task.CompletedTask;
    }

    private CheckEntry NewCheck(CheckBody check, string checkId, ServiceEntry? service, CheckEntry? old, ulong index)
    {
        var now = store.Now;
        var status = old?.Status ?? (string.IsNullOrEmpty(check.Status) ? HealthStatus.Critical : check.Status);
        var ttl = check.TTL is { } t && t > TimeSpan.Zero ? t : (TimeSpan?)null;

        // Consul raises a DeregisterCriticalServiceAfter below one minute to one minute (with an agent warning).
        var deregisterAfter = check.DeregisterCriticalServiceAfter is { } after && after > TimeSpan.Zero
            ? (after < MinimumDeregisterAfter ? MinimumDeregisterAfter : after)
            : (TimeSpan?)null;
        return new CheckEntry
        {
            CheckID = checkId,
            Name = !string.IsNullOrEmpty(check.Name) ? check.Name : $"Service '{service?.Name}' check",
            ServiceID = service?.ID ?? string.Empty,
            ServiceName = service?.Name ?? string.Empty,
            Notes = check.Notes ?? string.Empty,
            Type = RegistrationValidator.TypeOf(check),
            Status = status,
            Output = old?.Output ?? string.Empty,
            Ttl = ttl,
            Interval = check.Interval,
            Timeout = check.Timeout,
            DeregisterCriticalServiceAfter = deregisterAfter,
            Http = check.HTTP ?? string.Empty,
            Method = check.Method ?? string.Empty,
            Tcp = check.TCP ?? string.Empty,
            Grpc = check.GRPC ?? string.Empty,
            TtlDeadline = now + ttl,
            CriticalSince = status == HealthStatus.Critical ? old?.CriticalSince ?? now : null,
            CreateIndex = old?.CreateIndex ?? index,
            ModifyIndex = index,
        };
    }

    /// <summary>
    /// <c>PUT /v1/agent/service/maintenance/:id?enable=true|false&amp;reason=</c>: maintenance adds the critical check
    /// <c>_service_maintenance:&lt;id&gt;</c>, which takes the instance out of <c>?passing</c>.
    /// </summary>
    public Task MaintenanceAsync(HttpContext context, string serviceId)
    {
        if (serviceId.Length == 0)
        {
            throw ConsulHttpError.BadRequest("Missing service ID");
        }

        if (!context.Request.Query.TryGetValue("enable", out var enableText) || enableText.ToString().Length == 0)
        {
            throw ConsulHttpError.BadRequest("Missing value for enable");
        }

        if (!bool.TryParse(enableText.ToString(), out var enable) && enableText.ToString() is not ("1" or "0"))
        {
            throw ConsulHttpError.BadRequest($"Invalid value for enable: \"{enableText}\"");
        }

        enable |= enableText.ToString() == "1";
        var allowed = acl.Resolve(context.Request);
        lock (store.Gate)
        {
            if (!store.Services.TryGetValue(serviceId, out var service))
            {
                throw ConsulHttpError.NotFound($"Unknown service ID \"{serviceId}\". Ensure that the service ID is passed, not the service name.");
            }

            AclGate.Demand(allowed, "service:write", service.Name);
            var checkId = "_service_maintenance:" + serviceId;
            if (!enable)
            {
                if (store.Checks.Remove(checkId))
                {
                    store.Commit();
                }

                return Task.CompletedTask;
            }

            if (store.Checks.ContainsKey(checkId))
            {
                return Task.CompletedTask;
            }

            var reason = context.Request.Query["reason"].ToString();
            var index = store.Commit();
            store.Checks[checkId] = new CheckEntry
            {
                CheckID = checkId,
                Name = "Service Maintenance Mode",
                ServiceID = serviceId,
                ServiceName = service.Name,
                Notes = reason.Length > 0 ? reason : "Maintenance mode is enabled for this service, but no reason was provided. This is a default message.",
                Type = "maintenance",
                Status = HealthStatus.Critical,
                CriticalSince = store.Now,
                CreateIndex = index,
                ModifyIndex = index,
            };
        }

        return Task.CompletedTask;
    }
}
