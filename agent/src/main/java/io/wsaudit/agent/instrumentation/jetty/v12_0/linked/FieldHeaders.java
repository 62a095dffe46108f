package io.wsaudit.agent.instrumentation.jetty.v12_0.linked;

import io.wsaudit.agent.telemetry.RequestHeaders;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * A request's headers for telemetry, as Jetty's own {@link HttpField}s: the fields are immutable,
 * while the collection may be reused after the exchange (Jetty emits the span when the response
 * completes), so the fields are kept in an array. Names are compared by the field ({@code
 * HttpField#is}: its known header's name, or its own, case-insensitively); no list is made for a
 * single value.
 */
final class FieldHeaders implements RequestHeaders {

  private final HttpField[] fields;
  private final int count;

  FieldHeaders(HttpFields from) {
    HttpField[] copy = new HttpField[from.size()];
    int n = 0;
    for (HttpField field : from) {
      if (n < copy.length && field.getName() != null) {
        copy[n++] = field;
      }
    }
    this.fields = copy;
    this.count = n;
  }

  @Override
  public List<String> values(String name) {
    Values values = new Values();
    for (int i = 0; i < count; i++) {
      if (fields[i].is(name)) {
        values.add(fields[i].getValue());
      }
    }
    return values.list();
  }

  @Override
  public String first(String name) {
    for (int i = 0; i < count; i++) {
      if (fields[i].is(name)) {
        return fields[i].getValue();
      }
    }
    return null;
  }
}
