package dev.dmsb.buildkit;

import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.SessionUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

    UpgradeAnswer answer = UpgradeAnswer.read(connection.input(), "POST /session");
    String statusLine = answer.statusLine();
    int status = answer.status();
    if (status == 101) {
      return answer.rest();
    }
    String body = new String(answer.rest(), StandardCharsets.UTF_8).trim();
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

  /** A header value without control or non-ASCII characters (the name is informational). */
  private static String headerSafe(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? c : '_');
    }
    return b.toString();
  }
}
