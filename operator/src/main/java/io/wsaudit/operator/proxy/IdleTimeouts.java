package io.wsaudit.operator.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The two nginx timers that can end a quiet upgraded connection, as ingress-nginx sets them for one
 * Ingress. In {@code ngx_http_upstream_process_upgraded} (nginx {@code
 * src/http/ngx_http_upstream.c}) {@code proxy_read_timeout} runs while nothing comes from the
 * upstream (the server sends nothing) and {@code proxy_send_timeout} while a write to the upstream
 * is blocked; when one fires nginx drops both sides without a close frame, logging "upstream timed
 * out (110) while proxying upgraded connection".
 *
 * @param read effective {@code proxy-read-timeout}, seconds
 * @param send effective {@code proxy-send-timeout}, seconds
 * @param baseRead what applies without a (valid) annotation: the ConfigMap, else the default
 * @param baseSend the same for the send timeout
 */
public record IdleTimeouts(Setting read, Setting send, Setting baseRead, Setting baseSend) {

  /** {@code defaults.Backend.ProxyReadTimeout} / {@code ProxySendTimeout} (config.go): 60 s. */
  public static final long DEFAULT_SECONDS = 60;

  /** Built-in defaults only: what an Ingress gets with no annotation and no ConfigMap key. */
  public static IdleTimeouts defaults() {
    Setting d = new Setting(Long.toString(DEFAULT_SECONDS), Setting.Source.DEFAULT, null);
    return new IdleTimeouts(d, d, d, d);
  }

  public long readSeconds() {
    return Long.parseLong(read.value());
  }

  public long sendSeconds() {
    return Long.parseLong(send.value());
  }

  /** The timeouts as they were with these annotation values (null: absent), e.g. before a patch. */
  public IdleTimeouts withAnnotations(String readAnnotation, String sendAnnotation) {
    return new IdleTimeouts(
        resolve(readAnnotation, baseRead), resolve(sendAnnotation, baseSend), baseRead, baseSend);
  }

  /**
   * Raises each timer below {@code seconds} to it, as a bare integer (ingress-nginx reads these
   * annotations with {@code parser.GetIntAnnotation}: "3600s" is invalid and silently ignored).
   * Never lowers one.
   */
  public List<AnnotationChange> raiseTo(long seconds) {
    return raiseTo(seconds, Long::toString);
  }

  /** The same, writing each value in the proxy's own syntax (e.g. {@code 3600s}). */
  public List<AnnotationChange> raiseTo(long seconds, LongFunction<String> format) {
    List<AnnotationChange> out = new ArrayList<>();
    if (readSeconds() < seconds) {
      out.add(new AnnotationChange(SettingKeys.PROXY_READ_TIMEOUT, format.apply(seconds)));
    }
    if (sendSeconds() < seconds) {
      out.add(new AnnotationChange(SettingKeys.PROXY_SEND_TIMEOUT, format.apply(seconds)));
    }
    return out;
  }

  /**
   * The timeouts with these annotation values, each read by {@code parse} (seconds, or null when
   * the proxy ignores the value).
   */
  public IdleTimeouts withAnnotations(
      String readAnnotation, String sendAnnotation, Function<String, Long> parse) {
    return new IdleTimeouts(
        resolve(readAnnotation, baseRead, parse),
        resolve(sendAnnotation, baseSend, parse),
        baseRead,
        baseSend);
  }

  static Setting resolve(String annotation, Setting base) {
    return resolve(annotation, base, IdleTimeouts::seconds);
  }

  private static Setting resolve(String annotation, Setting base, Function<String, Long> parse) {
    Long valid = annotation == null ? null : parse.apply(annotation);
    return valid == null
        ? new Setting(base.value(), base.source(), annotation)
        : new Setting(Long.toString(valid), Setting.Source.ANNOTATION, annotation);
  }

  /** A timeout as ingress-nginx accepts it: a bare, non-negative integer; else null. */
  public static Long seconds(String raw) {
    if (raw == null
        || raw.isEmpty()
        || raw.length() > 9
        || !raw.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Long.parseLong(raw);
  }
}
