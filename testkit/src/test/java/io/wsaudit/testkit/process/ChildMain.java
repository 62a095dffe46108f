package io.wsaudit.testkit.process;

/** The child of {@link ForkedJvmTest}: reports what it was given, then waits for "exit". */
public final class ChildMain {
  public static void main(String[] args) throws Exception {
    System.out.println("ARGS " + String.join(",", args));
    if (args.length == 2 && args[0].equals("--hook-file")) {
      java.nio.file.Path marker = java.nio.file.Path.of(args[1]);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      java.nio.file.Files.writeString(marker, "hook ran");
                    } catch (java.io.IOException ignored) {
                      // the test fails on the missing file
                    }
                  }));
    }
    if (args.length == 1 && args[0].equals("--hang-in-hook")) {
      Runtime.getRuntime().addShutdownHook(new Thread(ChildMain::sleepForever));
    }
    System.out.println("OTEL_SERVICE_NAME=" + System.getenv("OTEL_SERVICE_NAME"));
    System.out.println("WSAUDIT_LEAK=" + System.getenv("WSAUDIT_LEAK"));
    System.out.println("READY");
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("exit")) {
        System.exit(3);
      }
      System.out.println("GOT " + line);
    }
  }

  private static void sleepForever() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException ignored) {
      // killed
    }
  }
}
