package io.wsaudit.testkit.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.Map;
import java.util.Queue;

/**
 * The mock's usual mixed mode (as {@code KubernetesMixedDispatcher}: a recorded expectation wins,
 * everything else is CRUD, lists with {@code limit} in pages: {@link ListPages}), with the CRUD
 * dispatcher reachable for in-process bulk creation.
 */
final class MixedDispatcher extends Dispatcher {
  private final Map<ServerRequest, Queue<ServerResponse>> responses;
  private final MockDispatcher expectations;
  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final ListPages pages = new ListPages();

  MixedDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
    this.responses = responses;
    this.expectations = new MockDispatcher(responses);
  }

  KubernetesCrudDispatcher crud() {
    return crud;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Queue<ServerResponse> q =
        responses.get(
            new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    if (q != null && !q.isEmpty()) {
      return expectations.dispatch(request);
    }
    return ListPages.handles(request)
        ? pages.answer(request, crud::dispatch)
        : crud.dispatch(request);
  }

  @Override
  public void shutdown() {
    expectations.shutdown();
    crud.shutdown();
  }

  @Override
  public void releaseResources() {
    expectations.releaseResources();
    crud.releaseResources();
  }
}
