package io.wsaudit.operator.correlation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The informers of one kind: one for all namespaces, or one per watched namespace. Lookups read
 * only their caches.
 */
final class Informers<T extends HasMetadata> implements AutoCloseable {

  private final List<SharedIndexInformer<T>> informers;

  Informers(List<SharedIndexInformer<T>> informers) {
    this.informers = List.copyOf(informers);
    this.informers.forEach(i -> i.exceptionHandler(RelistOnGone.HANDLER));
  }

  static <T extends HasMetadata, L> Informers<T> paged(
      MixedOperation<T, L, ? extends Resource<T>> op,
      Set<String> namespaces,
      Map<String, Function<T, List<String>>> indexers) {
    return paged(op, namespaces, indexers, null);
  }

  /**
   * One kind's informers, listing in pages of {@link ClusterIndex#LIST_PAGE}; with {@code store}
   * non-null, each informer of the kind keeps its items in a store it supplies.
   */
  static <T extends HasMetadata, L> Informers<T> paged(
      MixedOperation<T, L, ? extends Resource<T>> op,
      Set<String> namespaces,
      Map<String, Function<T, List<String>>> indexers,
      Supplier<ItemStore<T>> store) {
    List<SharedIndexInformer<T>> list = new ArrayList<>();
    if (namespaces.isEmpty()) {
      list.add(op.inAnyNamespace().withLimit(ClusterIndex.LIST_PAGE).runnableInformer(0));
    } else {
      for (String ns : namespaces) {
        list.add(op.inNamespace(ns).withLimit(ClusterIndex.LIST_PAGE).runnableInformer(0));
      }
    }
    if (store != null) {
      list.forEach(i -> i.itemStore(store.get()));
    }
    list.forEach(i -> i.addIndexers(indexers));
    return new Informers<>(list);
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

  /**
   * Calls {@code changed(before, after)} for every change from now on (null before: created, null
   * after: deleted). The informer also announces every object it already holds as created; those
   * are not news, so a creation counts only when the object was created after this call.
   */
  void onChange(BiConsumer<T, T> changed) {
    Instant since = Instant.now();
    ResourceEventHandler<T> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(T obj) {
            if (createdAfter(obj, since)) {
              changed.accept(null, obj);
            }
          }

          @Override
          public void onUpdate(T before, T after) {
            changed.accept(before, after);
          }

          @Override
          public void onDelete(T obj, boolean finalStateUnknown) {
            changed.accept(obj, null);
          }
        };
    informers.forEach(i -> i.addEventHandler(handler));
  }

  /** Calls {@code changed} after every event, the initial list's included. */
  void onAnyChange(Runnable changed) {
    ResourceEventHandler<T> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(T obj) {
            changed.run();
          }

          @Override
          public void onUpdate(T before, T after) {
            changed.run();
          }

          @Override
          public void onDelete(T obj, boolean finalStateUnknown) {
            changed.run();
          }
        };
    informers.forEach(i -> i.addEventHandler(handler));
  }

  private static boolean createdAfter(HasMetadata o, Instant since) {
    String t = o.getMetadata().getCreationTimestamp();
    try {
      return t != null && !Instant.parse(t).isBefore(since.minusSeconds(1));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
