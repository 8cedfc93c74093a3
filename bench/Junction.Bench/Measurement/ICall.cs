namespace Junction.Bench.Measurement;

/// <summary>
/// One caller's way to make a call. A struct constraint on the caller loop keeps the call direct (no delegate, no
/// boxing), so the loop adds nothing allocated to the consumer's figure.
/// </summary>
internal interface ICall<TResult>
{
    ValueTask<TResult> InvokeAsync();

    /// <summary>Whether a response is the echo of the request (a wrong answer counts as a failure).</summary>
    bool IsValid(TResult response);

    /// <summary>The number of the provider that answered (0 when there is only one).</summary>
    int ProviderOf(TResult response);
}
