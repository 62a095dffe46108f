package io.wsaudit.agent.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;

/** The connection behind one {@link ClassPackUrls} URL: the class file, read when asked. */
final class ClassPackConnection extends URLConnection {

  private final ClassPack pack;

  ClassPackConnection(URL url, ClassPack pack) {
    super(url);
    this.pack = pack;
  }

  @Override
  public void connect() {
    connected = true;
  }

  @Override
  public InputStream getInputStream() throws IOException {
    String file = url.getPath();
    return pack.open(file.substring(0, file.length() - ".class".length()));
  }
}
