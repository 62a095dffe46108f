package io.wsaudit.operator.proxy;

import java.util.List;

/**
 * What every proxy configured by Ingress annotations shares: its controller, the keys wsaudit may
 * write, whether a change reloads the proxy, and full keys under the controller's annotation
 * prefix.
 */
public abstract class AnnotationProxy implements Proxy, ProxyFixes {

  protected final ControllerSettings controller;
  private final List<String> patchable;
  private final boolean reloadsOnChange;

  /**
   * @param patchable every setting key wsaudit may write ({@link #patchable()})
   * @param reloadsOnChange whether a change of an Ingress reloads the proxy ({@link
   *     #reloadsOnChange()}); false where it applies changes live
   */
  protected AnnotationProxy(
      ControllerSettings controller, List<String> patchable, boolean reloadsOnChange) {
    this.controller = controller;
    this.patchable = List.copyOf(patchable);
    this.reloadsOnChange = reloadsOnChange;
  }

  @Override
  public ControllerSettings controller() {
    return controller;
  }

  @Override
  public String key(String setting) {
    return controller.annotation(setting);
  }

  @Override
  public final List<String> patchable() {
    return patchable;
  }

  @Override
  public final boolean reloadsOnChange() {
    return reloadsOnChange;
  }

  /**
   * The start of an idle-timeout fix in words: {@code Raise <read timeout key> and <send timeout
   * key> to "<value>"}.
   */
  protected final String raiseBothTimeouts(String value) {
    return "Raise "
        + key(SettingKeys.PROXY_READ_TIMEOUT)
        + " and "
        + key(SettingKeys.PROXY_SEND_TIMEOUT)
        + " to \""
        + value
        + "\"";
  }
}
