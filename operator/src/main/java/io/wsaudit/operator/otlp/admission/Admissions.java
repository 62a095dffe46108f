package io.wsaudit.operator.otlp.admission;

/** The default admission sizes, derived from the per-request body limit. */
public final class Admissions {

  /** Concurrent decodes across both transports; decoding is CPU-bound and two cores are usual. */
  public static final int MAX_DECODES = 4;

  private Admissions() {}

  /**
   * Room for four of the largest protobuf bodies or one JSON body at once (JSON is charged 8 times
   * its size, protobuf twice): 40 MiB of estimated decode memory with the 4 MiB default, well
   * inside the chart's 384 MiB heap.
   */
  public static IngestAdmission forBody(int maxBodyBytes) {
    return new IngestAdmission(MAX_DECODES, 10L * maxBodyBytes);
  }
}
