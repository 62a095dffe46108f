package io.wsaudit.agent.it.apps;

/**
 * Loads the classes named on the command line, says READY, and idles until stopped (bounded to one
 * minute).
 */
public final class LoadClassApp {

  private LoadClassApp() {}

  public static void main(String[] args) throws Exception {
    for (String name : args) {
      Class.forName(name);
    }
    System.out.println("READY port=1");
    Thread.sleep(60_000);
  }
}
