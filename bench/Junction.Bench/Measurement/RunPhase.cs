namespace Junction.Bench.Measurement;

/// <summary>Where a load run is: warming up (calls made, not recorded), measuring, or stopping. Shared by all callers.</summary>
internal sealed class RunPhase
{
    private const int Warmup = 0;
    private const int Measure = 1;
    private const int Stop = 2;

    private int _state;

    public bool IsMeasuring => Volatile.Read(ref _state) == Measure;

    public bool IsStopping => Volatile.Read(ref _state) == Stop;

    public void StartMeasuring() => Volatile.Write(ref _state, Measure);

    public void StopCalling() => Volatile.Write(ref _state, Stop);

    public override string ToString() => Volatile.Read(ref _state) switch { Warmup => "warm-up", Measure => "measuring", _ => "stopping" };
}
