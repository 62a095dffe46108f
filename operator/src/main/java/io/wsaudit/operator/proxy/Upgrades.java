package io.wsaudit.operator.proxy;

/**
 * Whether a proxy passes {@code Upgrade} and {@code Connection} to the backend for a route at all.
 *
 * @param passed true when it does
 * @param why when it does not, what it is missing (e.g. the annotation that would turn it on)
 */
public record Upgrades(boolean passed, String why) {

  private static final Upgrades ALWAYS = new Upgrades(true, null);

  /** The proxy passes upgrades on every route (ingress-nginx, Traefik). */
  public static Upgrades always() {
    return ALWAYS;
  }

  public static Upgrades not(String why) {
    return new Upgrades(false, why);
  }
}
