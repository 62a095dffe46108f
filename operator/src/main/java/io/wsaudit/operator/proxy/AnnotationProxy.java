package io.wsaudit.operator.proxy;

/**
 * What every proxy configured by Ingress annotations shares: its controller, and full keys under
 * the controller's annotation prefix.
 */
public abstract class AnnotationProxy implements Proxy, ProxyFixes {

  protected final ControllerSettings controller;

  protected AnnotationProxy(ControllerSettings controller) {
    this.controller = controller;
  }

  @Override
  public ControllerSettings controller() {
    return controller;
  }

  @Override
  public String key(String setting) {
    return controller.annotation(setting);
  }
}
