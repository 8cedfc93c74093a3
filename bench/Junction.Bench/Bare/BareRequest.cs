namespace Junction.Bench.Bare;

/// <summary>
/// What every baseline request carries, chosen to match the bytes Junction's tcp client sends for the same call: the
/// same service key, method, timeout and attachments, and the same encoded message as payload.
/// </summary>
/// <param name="ServiceKey">The service key string.</param>
/// <param name="Method">The method's wire name.</param>
/// <param name="TimeoutMicroseconds">The timeout field (Junction sends the time left; a fixed value of the same size here).</param>
/// <param name="Attachments">The attachments Junction's client sends on every call.</param>
/// <param name="Payload">The encoded request message.</param>
internal sealed record BareRequest(string ServiceKey, string Method, ulong TimeoutMicroseconds, IReadOnlyList<KeyValuePair<string, string>> Attachments, byte[] Payload)
{
    /// <summary>The whole request frame (header with request id 0, then the body).</summary>
    public byte[] BuildFrame()
    {
        var bodyLength = BareFrame.StringSize(ServiceKey) + BareFrame.StringSize(Method) + BareFrame.VarintSize(TimeoutMicroseconds)
            + BareFrame.VarintSize((ulong)Attachments.Count) + Payload.Length;
        foreach (var (key, value) in Attachments)
        {
            bodyLength += BareFrame.StringSize(key) + BareFrame.StringSize(value);
        }

        var frame = new byte[BareFrame.HeaderSize + bodyLength];
        BareFrame.WriteHeader(frame, BareFrame.Request | BareFrame.TwoWay, 0, bodyLength);
        var span = frame.AsSpan(BareFrame.HeaderSize);
        var offset = BareFrame.WriteString(span, ServiceKey);
        offset += BareFrame.WriteString(span[offset..], Method);
        offset += BareFrame.WriteVarint(span[offset..], TimeoutMicroseconds);
        offset += BareFrame.WriteVarint(span[offset..], (ulong)Attachments.Count);
        foreach (var (key, value) in Attachments)
        {
            offset += BareFrame.WriteString(span[offset..], key);
            offset += BareFrame.WriteString(span[offset..], value);
        }

        Payload.CopyTo(span[offset..]);
        return frame;
    }
}
