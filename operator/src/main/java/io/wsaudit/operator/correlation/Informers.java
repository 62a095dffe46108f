package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The informers of one kind: one for all namespaces, or one per watched namespace. Lookups read
 * only their caches.
 */
final class Informers<T extends HasMetadata> implements AutoCloseable {

  private final List<SharedIndexInformer<T>> informers;

  Informers(List<SharedIndexInformer<T>> informers) {
    this.informers = List.copyOf(informers);
  }

  CompletableFuture<Void> start() {
    return CompletableFuture.allOf(
        informers.stream()
            .map(i -> i.start().toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }

  boolean hasSynced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  T get(String namespace, String name) {
    String key = namespace == null ? name : namespace + "/" + name;
    return informers.stream()
        .map(i -> i.getStore().getByKey(key))
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  List<T> byIndex(String index, String key) {
    List<T> out = new ArrayList<>();
    for (SharedIndexInformer<T> i : informers) {
      out.addAll(i.getIndexer().byIndex(index, key));
    }
    return out;
  }

  List<T> list() {
    List<T> out = new ArrayList<>();
    for (SharedIndexInformer<T> i : informers) {
      out.addAll(i.getStore().list());
    }
    return out;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
