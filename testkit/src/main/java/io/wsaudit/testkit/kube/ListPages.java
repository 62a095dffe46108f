package io.wsaudit.testkit.kube;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * List requests with {@code limit} answered in pages, as a real API server does: at most {@code
 * limit} items, and a {@code metadata.continue} token (with {@code remainingItemCount}) while more
 * are left. Fabric8's CRUD mock ignores {@code limit} and answers with everything. The pages of one
 * list come from the snapshot its first page was cut from (a real server reads them at the first
 * page's resourceVersion), held until the last page is served or for {@link #TOKEN_LIFETIME} (a
 * client that stops half-way); an unknown or expired token is answered 410 Gone, as a real server
 * does once its etcd compaction has passed the snapshot.
 */
final class ListPages {

  private static final JsonFactory JSON = new JsonFactory();
  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

  /** A list cut into pages: its header fields, its items, and the first one not served yet. */
  private record Snapshot(
      String apiVersion,
      String kind,
      String resourceVersion,
      List<byte[]> items,
      int from,
      long expiresAtNanos) {}

  /** Whether {@code request} is a list this answers (paged, not a watch). */
  static boolean handles(RecordedRequest request) {
    if (!"GET".equals(request.getMethod())) {
      return false;
    }
    Map<String, String> query = query(request.getPath());
    return (query.containsKey("limit") || query.containsKey("continue"))
        && !"true".equals(query.get("watch"));
  }

  MockResponse answer(RecordedRequest request, Function<RecordedRequest, MockResponse> crud) {
    Map<String, String> query = query(request.getPath());
    int limit = Integer.parseInt(query.getOrDefault("limit", "0"));
    String token = query.get("continue");
    long now = System.nanoTime();
    snapshots.values().removeIf(s -> now - s.expiresAtNanos > 0);
    if (token != null) {
      Snapshot snapshot = snapshots.remove(token);
      return snapshot == null ? gone() : page(snapshot, limit);
    }
    MockResponse all = crud.apply(request);
    if (all.code() != 200 || limit <= 0) {
      return all;
    }
    return page(snapshot(all.getBody().readUtf8()), limit);
  }

  private MockResponse page(Snapshot snapshot, int limit) {
    List<byte[]> items = snapshot.items;
    int from = snapshot.from;
    int to = limit <= 0 ? items.size() : (int) Math.min((long) from + limit, items.size());
    String next = null;
    if (to < items.size()) {
      next = UUID.randomUUID().toString();
      snapshots.put(
          next,
          new Snapshot(
              snapshot.apiVersion,
              snapshot.kind,
              snapshot.resourceVersion,
              items,
              to,
              snapshot.expiresAtNanos));
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.writeStartObject();
      writeIfSet(g, "apiVersion", snapshot.apiVersion);
      writeIfSet(g, "kind", snapshot.kind);
      g.writeObjectFieldStart("metadata");
      writeIfSet(g, "resourceVersion", snapshot.resourceVersion);
      if (next != null) {
        g.writeStringField("continue", next);
        g.writeNumberField("remainingItemCount", items.size() - to);
      }
      g.writeEndObject();
      g.writeArrayFieldStart("items");
      // The items as they were read; the generator sees an empty array, so it adds no comma.
      g.flush();
      for (int i = from; i < to; i++) {
        if (i > from) {
          body.write(',');
        }
        body.write(items.get(i));
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(body.toByteArray());
  }

  /** The list's header fields and each item's JSON, copied token by token. */
  private static Snapshot snapshot(String json) {
    String apiVersion = null;
    String kind = null;
    String resourceVersion = null;
    List<byte[]> items = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "apiVersion" -> apiVersion = p.getText();
          case "kind" -> kind = p.getText();
          case "metadata" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              boolean rv = "resourceVersion".equals(p.currentName());
              p.nextToken();
              if (rv) {
                resourceVersion = p.getText();
              } else {
                p.skipChildren();
              }
            }
          }
          case "items" -> {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              ByteArrayOutputStream item = new ByteArrayOutputStream();
              try (JsonGenerator g = JSON.createGenerator(item)) {
                g.copyCurrentStructure(p);
              }
              items.add(item.toByteArray());
            }
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Snapshot(
        apiVersion, kind, resourceVersion, items, 0, System.nanoTime() + TOKEN_LIFETIME.toNanos());
  }

  private static void writeIfSet(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static MockResponse gone() {
    return new MockResponse()
        .setResponseCode(410)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Expired\","
                + "\"message\":\"the continue token is not known or has expired\",\"code\":410}");
  }

  private static Map<String, String> query(String path) {
    Map<String, String> query = new LinkedHashMap<>();
    int q = path.indexOf('?');
    if (q < 0) {
      return query;
    }
    for (String pair : path.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(key, URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }
}
