package io.wsaudit.agent.instrumentation.tomcat.v9_0.linked;

import io.wsaudit.agent.telemetry.RequestHeaders;
import java.util.List;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * A coyote request's headers for telemetry, read in place: names are compared as Tomcat stores them
 * ({@code MessageBytes} over the request's bytes, case-insensitively, no string made), and only a
 * value that is asked for becomes a string. {@code MimeHeaders#values} would build an enumerator
 * per call.
 */
final class CoyoteHeaders implements RequestHeaders {

  private final MimeHeaders mime;

  CoyoteHeaders(MimeHeaders mime) {
    this.mime = mime;
  }

  @Override
  public List<String> values(String name) {
    Values values = new Values();
    int size = mime.size();
    for (int i = 0; i < size; i++) {
      if (mime.getName(i).equalsIgnoreCase(name)) {
        values.add(mime.getValue(i).toString());
      }
    }
    return values.list();
  }

  @Override
  public String first(String name) {
    MessageBytes value = mime.getValue(name);
    return value == null ? null : value.toString();
  }
}
