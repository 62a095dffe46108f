package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Pod informer's store: of each Pod only its {@link PodFacts}, by key and by IP. Correlation
 * reads the facts as they are; Fabric8's {@code ReducedStateItemStore}, used before, rebuilt a Pod
 * through Jackson on every lookup, a fifth of the OTLP receiver's CPU under load (bench/README.md,
 * "Closing the gaps: operator"). The informer itself still gets Pods ({@link PodFacts#toPod}), only
 * on its own events.
 */
final class PodFactsStore implements ItemStore<Pod> {

  private final Map<String, PodFacts> byKey = new ConcurrentHashMap<>();

  /** Keyed by IP; a list because a stale entry can share an IP with its successor for a while. */
  private final Map<String, List<PodFacts>> byIp = new ConcurrentHashMap<>();

  PodFacts facts(String namespace, String name) {
    return byKey.get(Cache.namespaceKeyFunc(namespace, name));
  }

  List<PodFacts> byIp(String ip) {
    return byIp.getOrDefault(ip, List.of());
  }

  @Override
  public String getKey(Pod pod) {
    return Cache.metaNamespaceKeyFunc(pod);
  }

  @Override
  public Pod put(String key, Pod pod) {
    PodFacts facts = PodFacts.of(pod);
    PodFacts old = byKey.put(key, facts);
    unindex(old);
    for (String ip : facts.ips()) {
      byIp.compute(ip, (k, l) -> with(l, facts));
    }
    return old == null ? null : old.toPod();
  }

  @Override
  public Pod remove(String key) {
    PodFacts old = byKey.remove(key);
    unindex(old);
    return old == null ? null : old.toPod();
  }

  private void unindex(PodFacts old) {
    if (old != null) {
      for (String ip : old.ips()) {
        byIp.computeIfPresent(ip, (k, l) -> without(l, old));
      }
    }
  }

  /** Lists are copied on write: lookups read them without a lock, writes are informer events. */
  private static List<PodFacts> with(List<PodFacts> l, PodFacts f) {
    List<PodFacts> out = new ArrayList<>(l == null ? List.of() : l);
    out.add(f);
    return List.copyOf(out);
  }

  private static List<PodFacts> without(List<PodFacts> l, PodFacts f) {
    List<PodFacts> out = new ArrayList<>(l);
    out.removeIf(x -> x == f);
    return out.isEmpty() ? null : List.copyOf(out);
  }

  @Override
  public Stream<String> keySet() {
    return byKey.keySet().stream();
  }

  @Override
  public Stream<Pod> values() {
    return byKey.values().stream().map(PodFacts::toPod);
  }

  @Override
  public int size() {
    return byKey.size();
  }

  @Override
  public Pod get(String key) {
    PodFacts f = byKey.get(key);
    return f == null ? null : f.toPod();
  }

  /**
   * Not the whole Pod (as Fabric8's reduced store): the informer announces a listed Pod from the
   * object it received instead of reading it back from the store after the sync.
   */
  @Override
  public boolean isFullState() {
    return false;
  }
}
