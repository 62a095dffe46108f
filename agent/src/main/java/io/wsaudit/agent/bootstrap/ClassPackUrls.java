package io.wsaudit.agent.bootstrap;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;

/**
 * URLs for the class files in a {@link ClassPack}: ByteBuddy reads advice templates, and {@code
 * LinkedClassLoader} linked hooks, as {@code .class} resources of the agent class loader.
 */
final class ClassPackUrls extends URLStreamHandler {

  private static final String PROTOCOL = "wsaudit-agent";

  private final ClassPack pack;

  ClassPackUrls(ClassPack pack) {
    this.pack = pack;
  }

  /** The URL of the class file {@code path} ('/'-separated, no ".class"). */
  URL of(String path) throws MalformedURLException {
    return new URL(null, PROTOCOL + ":" + path + ".class", this);
  }

  @Override
  protected URLConnection openConnection(URL url) {
    return new ClassPackConnection(url, pack);
  }
}
