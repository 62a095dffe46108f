package io.wsaudit.operator.correlation;

import java.time.Duration;

/**
 * How much {@link EvidenceStore} keeps, so a flood of spans, or of spans with huge attributes,
 * costs a fixed amount of heap.
 *
 * @param retention how long a record is kept, from its span's time or its arrival, whichever is
 *     older
 * @param maxPerIngress records per Ingress
 * @param maxBytesPerIngress estimated bytes per Ingress (one record is always kept)
 * @param maxTotalBytes estimated bytes in total
 */
public record EvidenceBounds(
    Duration retention, int maxPerIngress, long maxBytesPerIngress, long maxTotalBytes) {

  /** Per Ingress: plenty for 2,000 ordinary records (about 1 KB each). */
  public static final long DEFAULT_MAX_BYTES_PER_INGRESS = 4L * 1024 * 1024;

  /** In total: a fixed share of the chart's 384 MiB heap. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 64L * 1024 * 1024;

  /** With the default byte bounds. */
  public EvidenceBounds(Duration retention, int maxPerIngress) {
    this(retention, maxPerIngress, DEFAULT_MAX_BYTES_PER_INGRESS, DEFAULT_MAX_TOTAL_BYTES);
  }
}
