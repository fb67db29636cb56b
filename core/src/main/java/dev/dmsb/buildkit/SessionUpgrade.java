package dev.dmsb.buildkit;

import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.SessionUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP/1.1 half of a session: {@code POST /session} with {@code Connection: Upgrade}, {@code
 * Upgrade: h2c}, the session's ID, name and shared key, and one {@code
 * X-Docker-Expose-Session-Grpc-Method} line per method served (the engine keeps them as a set; a
 * comma-joined line would be one bogus entry). No body, and nothing after the headers: after the
 * {@code 101} the engine speaks HTTP/2 as the client, and any bytes it sent with the {@code 101}
 * are kept for the HTTP/2 server.
 */
final class SessionUpgrade {
  private static final int MAX_HEAD = 64 * 1024;

  private SessionUpgrade() {}

  /**
   * Sends the upgrade and reads the answer; returns the bytes read past the {@code 101}'s head.
   *
   * @throws SessionUnavailableException the engine has no {@code /session} (404, or a 400 that says
   *     the protocol is not supported)
   */
  static byte[] upgrade(
      EngineConnection connection,
      String address,
      String id,
      String name,
      String sharedKey,
      List<String> methods)
      throws EngineException, IOException {
    StringBuilder head = new StringBuilder();
    head.append("POST /session HTTP/1.1\r\n");
    head.append("Host: ").append(connection.hostHeader()).append("\r\n");
    head.append("User-Agent: dmsb\r\n");
    head.append("Connection: Upgrade\r\n");
    head.append("Upgrade: h2c\r\n");
    head.append("Content-Length: 0\r\n");
    head.append("X-Docker-Expose-Session-Uuid: ").append(id).append("\r\n");
    head.append("X-Docker-Expose-Session-Name: ").append(headerSafe(name)).append("\r\n");
    head.append("X-Docker-Expose-Session-Sharedkey: ").append(sharedKey).append("\r\n");
    for (String m : methods) {
      head.append("X-Docker-Expose-Session-Grpc-Method: ").append(m).append("\r\n");
    }
    head.append("\r\n");
    OutputStream out = connection.output();
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();

    InputStream in = connection.input();
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int end = -1;
    while (end < 0) {
      int n = in.read(buffer);
      if (n < 0) {
        throw new IOException("the engine closed the connection before answering POST /session");
      }
      read.write(buffer, 0, n);
      end = headEnd(read.toByteArray());
      if (end < 0 && read.size() > MAX_HEAD) {
        throw new IOException("the engine's answer to POST /session has no end of headers");
      }
    }
    byte[] all = read.toByteArray();
    String response = new String(all, 0, end, StandardCharsets.ISO_8859_1);
    String statusLine = response.lines().findFirst().orElse("");
    int status = statusCode(statusLine);
    if (status == 101) {
      return Arrays.copyOfRange(all, end, all.length);
    }
    String body = new String(all, end, all.length - end, StandardCharsets.UTF_8).trim();
    String lower = body.toLowerCase(Locale.ROOT);
    if (status == 404 || status == 405 || (status == 400 && lower.contains("not supported"))) {
      throw new SessionUnavailableException(
          "the engine at " + address + " has no BuildKit session endpoint (" + statusLine + ")");
    }
    throw new EngineException(
        "The engine at "
            + address
            + " refused the BuildKit session: "
            + statusLine
            + (body.isEmpty() ? "" : " " + body));
  }

  private static int headEnd(byte[] b) {
    for (int i = 3; i < b.length; i++) {
      if (b[i - 3] == '\r' && b[i - 2] == '\n' && b[i - 1] == '\r' && b[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  private static int statusCode(String statusLine) {
    String[] parts = statusLine.split(" ");
    if (parts.length < 2) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A header value without control or non-ASCII characters (the name is informational). */
  private static String headerSafe(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? c : '_');
    }
    return b.toString();
  }
}
