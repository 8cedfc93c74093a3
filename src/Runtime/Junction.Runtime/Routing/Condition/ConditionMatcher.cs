using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Junction.Invocation;
using Junction.Registry;
using Junction.Routing.Syntax;

namespace Junction.Routing.Condition;

/// <summary>
/// Evaluates a parsed condition the way Dubbo 3.2+ does (<c>AbstractConditionMatcher#isMatch</c>, its value patterns and
/// <c>UrlUtils.isMatchGlobPattern</c>): a when condition against the consumer and the call, a then condition against one
/// provider with <c>$key</c> read from the consumer. Every key must match (AND); within a key a value that must not match
/// is checked first, then any value that must match.
/// </summary>
/// <remarks>
/// <para>
/// An absent key never matches, whether it is written with <c>=</c> or <c>!=</c>: 3.2+ behaviour. Dubbo 2.7, 3.0 and 3.1
/// (<c>ConditionRouter#matchCondition</c>) let a key with only <c>!=</c> values match when it was absent, so
/// <c>region!=east</c> used to select providers that have no region at all; here, as in 3.2+, it does not.
/// </para>
/// <para>
/// <c>arguments[N]</c> is the argument's text as Java's <c>String.valueOf</c> would give it, written by
/// <see cref="RpcArgumentText"/> (the text consistent hashing uses): <c>null</c> for null, <c>true</c>/<c>false</c> for
/// booleans, strings as they are, integers and other numbers in invariant culture, GUIDs hyphenated, anything else through
/// <see cref="IFormattable"/> with the invariant culture or <see cref="object.ToString"/>. Java and .NET differ for
/// floating point (Java writes <c>1.0</c>, .NET <c>1</c>), so match such arguments with a range or a glob. A call without
/// argument N has no value for the key, so the key does not match (quirk: Dubbo substitutes a sentinel text there, which
/// <c>*</c> and every <c>!=</c> value match; "no such argument" is an absent key here, like every other absent key).
/// </para>
/// <para>
/// In a then condition <c>arguments[N]</c> and <c>attachments[k]</c> have no value (Dubbo evaluates the then part without
/// the call), so no provider matches them; the then part never depends on the call, which is what lets a router reuse its
/// result for the same provider list.
/// </para>
/// </remarks>
internal static class ConditionMatcher
{
    /// <summary>Longest argument text, in UTF-8 bytes, matched without allocating; longer arguments are formatted as strings.</summary>
    private const int StackTextBytes = 256;

    /// <summary>Whether the call matches a when condition; no keys matches every call.</summary>
    /// <param name="when">The when condition.</param>
    /// <param name="consumer">The consumer.</param>
    /// <param name="invocation">The call; may be null only when the condition reads consumer keys alone.</param>
    public static bool MatchesWhen(ConditionSyntax when, RouteConsumer consumer, Invocation.Invocation? invocation)
    {
        var keys = when.Keys;
        for (var i = 0; i < keys.Count; i++)
        {
            if (!MatchesWhenKey(keys[i], consumer, invocation))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether one provider matches a then condition, with <c>$key</c> values read from <paramref name="consumer"/>.</summary>
    public static bool MatchesThen(ConditionSyntax then, ServiceInstance provider, RouteConsumer consumer)
    {
        var keys = then.Keys;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (key.Kind is ConditionKeyKind.Argument or ConditionKeyKind.Attachment
                || !RouteParameters.TryGetProvider(provider, key.Name, out var value)
                || !MatchesKey(key, value, consumer))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The providers that match <paramref name="then"/>, in their input order; <paramref name="providers"/> itself when
    /// every one matches, an empty array when none does.
    /// </summary>
    public static IProviderInvoker[] Filter(IProviderInvoker[] providers, ConditionSyntax then, RouteConsumer consumer)
    {
        IProviderInvoker[]? kept = null;
        var count = 0;
        for (var i = 0; i < providers.Length; i++)
        {
            if (MatchesThen(then, providers[i].Instance, consumer))
            {
                if (kept is not null)
                {
                    kept[count] = providers[i];
                }

                count++;
            }
            else if (kept is null)
            {
                // The first provider that goes: from here on the survivors are copied.
                kept = new IProviderInvoker[providers.Length - 1];
                Array.Copy(providers, kept, count);
            }
        }

        if (kept is null)
        {
            return providers;
        }

        if (count == 0)
        {
            return [];
        }

        if (count < kept.Length)
        {
            Array.Resize(ref kept, count);
        }

        return kept;
    }

    /// <summary>What a when condition reads besides the consumer, for the chain's cache.</summary>
    public static RouteDependency DependencyOf(ConditionSyntax when)
    {
        var dependency = RouteDependency.None;
        foreach (var key in when.Keys)
        {
            dependency |= key.Kind switch
            {
                ConditionKeyKind.Method => RouteDependency.Method,
                ConditionKeyKind.Attachment when key.AttachmentName is "dubbo.tag" or "dubbo.force.tag" => RouteDependency.RequestTag,
                ConditionKeyKind.Argument or ConditionKeyKind.Attachment => RouteDependency.Invocation,
                _ => RouteDependency.None,
            };
        }

        return dependency;
    }

    private static bool MatchesWhenKey(ConditionKeySyntax key, RouteConsumer consumer, Invocation.Invocation? invocation)
    {
        switch (key.Kind)
        {
            case ConditionKeyKind.Method:
                // The called method, not the consumer's "methods" list (Dubbo's RpcUtils.getMethodName).
                return invocation is not null && MatchesKey(key, invocation.Method.Name, null);
            case ConditionKeyKind.Argument:
                return invocation is not null && MatchesArgument(key, invocation);
            case ConditionKeyKind.Attachment:
                return invocation is not null && invocation.TryGetAttachment(key.AttachmentName!, out var attachment) && MatchesKey(key, attachment, null);
            default:
                return consumer.TryGet(key.Name, out var value) && MatchesKey(key, value, null);
        }
    }

    // Not inlined: keeps the stack buffers out of the caller's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool MatchesArgument(ConditionKeySyntax key, Invocation.Invocation invocation)
    {
        var index = key.ArgumentIndex;
        if (index >= invocation.ArgumentCount)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[StackTextBytes];
        if (!invocation.TryFormatArgument(index, utf8, out var written))
        {
            return MatchesKey(key, ArgumentText(invocation.GetArgument(index)), null);
        }

        // UTF-8 never has fewer bytes than UTF-16 code units, so the text fits.
        Span<char> text = stackalloc char[StackTextBytes];
        var length = Encoding.UTF8.GetChars(utf8[..written], text);
        return MatchesKey(key, text[..length], null);
    }

    /// <summary>The argument's text when it is too long for the stack buffer; the same text <see cref="RpcArgumentText"/> writes.</summary>
    private static string ArgumentText(object? argument) => argument switch
    {
        null => "null",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => argument.ToString() ?? "null",
    };

    /// <summary>Dubbo's <c>isMatch</c> for a present value: a hit among the mismatches fails the key, then any hit among the matches passes it.</summary>
    private static bool MatchesKey(ConditionKeySyntax key, ReadOnlySpan<char> value, RouteConsumer? references)
    {
        var mismatches = key.Mismatches;
        for (var i = 0; i < mismatches.Count; i++)
        {
            if (MatchesValue(mismatches[i], value, references))
            {
                return false;
            }
        }

        var matches = key.Matches;
        if (matches.Count == 0)
        {
            // Only != values (the parser never builds a key with neither), and none of them hit.
            return true;
        }

        for (var i = 0; i < matches.Count; i++)
        {
            if (MatchesValue(matches[i], value, references))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesValue(ConditionValueSyntax pattern, ReadOnlySpan<char> value, RouteConsumer? references)
    {
        switch (pattern.Kind)
        {
            case ConditionValueKind.Any:
                return true;
            case ConditionValueKind.Glob:
                // As in Dubbo, prefix and suffix may overlap: 10.*.3 matches 10.3.
                return value.Length > 0 && value.StartsWith(pattern.Prefix, StringComparison.Ordinal) && value.EndsWith(pattern.Suffix, StringComparison.Ordinal);
            case ConditionValueKind.Range:
                return MatchesRange(pattern, value);
            case ConditionValueKind.Reference:
                // Quirk: Dubbo resolves a reference the consumer lacks to null, which then matches an empty provider
                // value only. An absent key never matches here, on either side of the rule.
                return references is not null && references.TryGet(pattern.ReferenceName!, out var resolved) && MatchesGlob(resolved, value);
            default:
                return value.SequenceEqual(pattern.Text);
        }
    }

    /// <summary><c>UrlUtils.isMatchGlobPattern</c> for text only known at match time (a resolved <c>$key</c>).</summary>
    private static bool MatchesGlob(string pattern, ReadOnlySpan<char> value)
    {
        if (pattern == "*")
        {
            return true;
        }

        if (pattern.Length == 0 || value.Length == 0)
        {
            return pattern.Length == value.Length;
        }

        var star = pattern.LastIndexOf('*');
        if (star < 0)
        {
            return value.SequenceEqual(pattern);
        }

        return value.StartsWith(pattern.AsSpan(0, star), StringComparison.Ordinal)
            && value.EndsWith(pattern.AsSpan(star + 1), StringComparison.Ordinal);
    }

    /// <summary>
    /// An inclusive range; the parser has checked the bounds (whole numbers, lower ≤ upper). The value must be a whole
    /// number, optionally negative, and is compared as the number it is.
    /// </summary>
    /// <remarks>
    /// Quirk: Dubbo reads the value with <c>StringUtils.parseInteger</c>, which turns anything that is not plain digits
    /// (text, an empty value, a negative number) into 0, so <c>~10</c> matches <c>abc</c> and <c>0~5</c> matches <c>-7</c>;
    /// and a value beyond <c>int</c> makes the pattern match in a then condition. Here a value that is not a number is
    /// outside every range, and a number is compared as what it is.
    /// </remarks>
    private static bool MatchesRange(ConditionValueSyntax pattern, ReadOnlySpan<char> value)
    {
        if (!TryParseWholeNumber(value, out var number))
        {
            return false;
        }

        return number <= pattern.RangeTo && (pattern.RangeFrom is not { } from || number >= from);
    }

    /// <summary>Optional <c>-</c>, then ASCII digits; values past the <c>int</c> bounds saturate, which keeps comparisons with <c>int</c> bounds right.</summary>
    private static bool TryParseWholeNumber(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var negative = text.Length > 0 && text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.Length == 0)
        {
            return false;
        }

        const long Saturated = (long)int.MaxValue + 1;
        foreach (var c in digits)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = Math.Min((value * 10) + (c - '0'), Saturated);
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }
}
