using Microsoft.Extensions.Logging;

namespace Junction.Hosting;

/// <summary>
/// A registry or config source an extension such as <c>UseConsul</c> created for one application (listed in
/// <see cref="JunctionOptions.Components"/>): the options are configured before the host's logging exists, so the runtime
/// hands it the host's <see cref="ILoggerFactory"/> when it starts, and disposes it when it stops. Components the user
/// created and passed in themselves are neither given logging nor disposed: they are the user's.
/// </summary>
internal interface IApplicationComponent : IAsyncDisposable
{
    /// <summary>Called once, before the component registers or subscribes anything.</summary>
    void UseLogging(ILoggerFactory loggerFactory);
}
