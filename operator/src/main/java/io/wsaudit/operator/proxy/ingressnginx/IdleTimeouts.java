package io.wsaudit.operator.proxy.ingressnginx;

import java.util.ArrayList;
import java.util.List;

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
    List<AnnotationChange> out = new ArrayList<>();
    if (readSeconds() < seconds) {
      out.add(new AnnotationChange(EffectiveSettings.PROXY_READ_TIMEOUT, Long.toString(seconds)));
    }
    if (sendSeconds() < seconds) {
      out.add(new AnnotationChange(EffectiveSettings.PROXY_SEND_TIMEOUT, Long.toString(seconds)));
    }
    return out;
  }

  static Setting resolve(String annotation, Setting base) {
    Long valid = seconds(annotation);
    return valid == null
        ? new Setting(base.value(), base.source(), annotation)
        : new Setting(Long.toString(valid), Setting.Source.ANNOTATION, annotation);
  }

  /** A timeout as ingress-nginx accepts it: a bare, non-negative integer; else null. */
  static Long seconds(String raw) {
    if (raw == null
        || raw.isEmpty()
        || raw.length() > 9
        || !raw.chars().allMatch(Character::isDigit)) {
      return null;
    }
    return Long.parseLong(raw);
  }
}
