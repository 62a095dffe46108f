package io.wsaudit.bench.hookcost;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bytes allocated and CPU time of this JVM's threads, split into the server's threads (by name) and
 * the rest (the agent's exporter and batch worker, the JDK's own), the calling thread left out.
 * Allocation is counted by the JVM per thread (TLAB and outside), so it does not depend on how busy
 * the machine is; CPU time does, a little (caches, frequency).
 */
final class ThreadCost {

  /** Totals of one group over an interval. */
  record Cost(long bytes, long cpuNanos) {}

  /** One interval's totals: the server's threads and every other thread but the caller. */
  record Split(Cost server, Cost rest) {}

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final Pattern serverThreads;

  ThreadCost(Pattern serverThreads) {
    this.serverThreads = serverThreads;
    threads.setThreadAllocatedMemoryEnabled(true);
    threads.setThreadCpuTimeEnabled(true);
  }

  /** Per live thread: name, bytes allocated and CPU time so far. */
  Map<Long, long[]> snapshot() {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    long[] cpu = threads.getThreadCpuTime(ids);
    Map<Long, long[]> snapshot = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      snapshot.put(ids[i], new long[] {bytes[i], cpu[i]});
    }
    return snapshot;
  }

  /**
   * What each group used between {@code before} and now. A thread started since counts from zero; a
   * thread that ended since is lost (the servers' pools keep theirs for longer than a phase).
   */
  Split since(Map<Long, long[]> before) {
    return since(before, (name, cpu) -> {});
  }

  /** The same, also giving each non-server thread's name and CPU nanoseconds to {@code rest}. */
  Split since(Map<Long, long[]> before, java.util.function.ObjLongConsumer<String> rest) {
    long self = Thread.currentThread().getId();
    Map<Long, long[]> now = snapshot();
    long serverBytes = 0;
    long serverCpu = 0;
    long restBytes = 0;
    long restCpu = 0;
    for (Map.Entry<Long, long[]> e : now.entrySet()) {
      if (e.getKey() == self) {
        continue;
      }
      long[] then = before.getOrDefault(e.getKey(), new long[2]);
      long bytes = Math.max(0, e.getValue()[0] - then[0]);
      long cpu = Math.max(0, e.getValue()[1] - then[1]);
      java.lang.management.ThreadInfo info = threads.getThreadInfo(e.getKey());
      if (info != null && serverThreads.matcher(info.getThreadName()).matches()) {
        serverBytes += bytes;
        serverCpu += cpu;
      } else {
        restBytes += bytes;
        restCpu += cpu;
        if (info != null) {
          rest.accept(info.getThreadName(), cpu);
        }
      }
    }
    return new Split(new Cost(serverBytes, serverCpu), new Cost(restBytes, restCpu));
  }
}
