package io.wsaudit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/spans.md} and {@link WsAuditSpans} saying the same thing. */
class SpanContractDocTest {

  private static final Path DOC = Path.of("..", "docs", "spans.md");

  @Test
  void everyConstantIsDocumented() throws IOException {
    String doc = Files.readString(DOC);
    for (String value : constantValues(WsAuditSpans.class)) {
      assertThat(doc).as("docs/spans.md mentions %s", value).contains("`" + value + "`");
    }
    for (String header : WsAuditSpans.CAPTURED_HEADERS) {
      assertThat(doc).contains("`" + WsAuditSpans.REQUEST_HEADER_PREFIX + header + "`");
    }
  }

  @Test
  void everyDocumentedKeyIsAConstant() throws IOException {
    Set<String> known = new LinkedHashSet<>(constantValues(WsAuditSpans.class));
    WsAuditSpans.CAPTURED_HEADERS.forEach(h -> known.add(WsAuditSpans.REQUEST_HEADER_PREFIX + h));
    // Table rows start with the key in backticks.
    Matcher row = Pattern.compile("(?m)^\\| `([a-z_.\\-]+)` \\|").matcher(Files.readString(DOC));
    List<String> documented = new ArrayList<>();
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented).isNotEmpty().allSatisfy(key -> assertThat(known).contains(key));
  }

  @Test
  void enumeratedValuesAreDocumentedWithTheirKey() throws IOException {
    String doc = Files.readString(DOC);
    for (Class<?> values : WsAuditSpans.class.getDeclaredClasses()) {
      for (String value : constantValues(values)) {
        assertThat(doc)
            .as("%s value %s", values.getSimpleName(), value)
            .contains("`" + value + "`");
      }
    }
  }

  private static List<String> constantValues(Class<?> type) {
    List<String> values = new ArrayList<>();
    for (Field field : type.getDeclaredFields()) {
      int mod = field.getModifiers();
      if (Modifier.isStatic(mod) && Modifier.isPublic(mod) && field.getType() == String.class) {
        try {
          values.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return values;
  }
}
