package io.wsaudit.agent.telemetry;

/**
 * What both forms of our own SDK ({@link TelemetrySdk}, {@link StartingTelemetrySdk}) answer from
 * the {@link SdkSettings} alone: our exporter sends the spans, and the counters see their fate.
 */
abstract class OwnSdkBackend implements TelemetryBackend {

  final SdkSettings settings;
  final SpanCounters counters;

  OwnSdkBackend(SdkSettings settings, SpanCounters counters) {
    this.settings = settings;
    this.counters = counters;
  }

  @Override
  public int attributeValueLengthLimit() {
    return settings.attributeValueLengthLimit();
  }

  @Override
  public long spansThatMayWait() {
    return settings.spansThatMayWait();
  }

  @Override
  public String exporterDescription() {
    return settings.exporterDescription();
  }

  @Override
  public String metricsDescription() {
    return settings.metricsDescription();
  }

  @Override
  public boolean exportsItself() {
    return true;
  }

  @Override
  public SpanCounters counters() {
    return counters;
  }
}
