package io.wsaudit.operator.proxy.nginx.log;

import io.wsaudit.testkit.ws.RawClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real WebSocket server on 127.0.0.1 for nginx to proxy to: it answers every upgrade with
 * 101, keeps each request head it received (to read the {@code X-Request-ID} nginx sent), then says
 * nothing until the client's close frame, which it answers before closing. The operator's tests
 * have no servlet container on their class path; a quiet server is what an idle-timeout test needs
 * anyway.
 */
final class UpgradeBackend implements AutoCloseable {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final ServerSocket server;
  private final List<String> heads = new CopyOnWriteArrayList<>();

  UpgradeBackend() throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "upgrade-backend");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** The request heads received so far, in order. */
  List<String> heads() {
    return heads;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "upgrade-backend-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String head = RawClient.readHead(in);
      heads.add(head);
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept(header(head, "Sec-WebSocket-Key"))
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      while (true) {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
          return;
        }
        in.readNBytes(4 + (b1 & 0x7F)); // a masked client frame with a short payload
        if ((b0 & 0x0F) == 0x8) {
          out.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}); // close 1000
          out.flush();
          return;
        }
      }
    } catch (IOException gone) {
      // nginx closed the connection (its timeout, or the client's close)
    }
  }

  static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return null;
  }

  private static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
