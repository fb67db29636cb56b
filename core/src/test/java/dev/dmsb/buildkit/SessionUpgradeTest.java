package dev.dmsb.buildkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.SessionUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionUpgradeTest {

  /** A connection whose engine answers {@code answer}. */
  static final class Canned implements EngineConnection {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final InputStream in;

    Canned(String answer) {
      in = new ByteArrayInputStream(answer.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public InputStream input() {
      return in;
    }

    @Override
    public OutputStream output() {
      return sent;
    }

    @Override
    public String hostHeader() {
      return "localhost";
    }

    @Override
    public void close() {}
  }

  @Test
  void sendsOneHeaderLinePerMethodAndKeepsTheBytesPastThe101() throws Exception {
    Canned c =
        new Canned(
            "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\nPRI * HTTP/2.0");
    byte[] past =
        SessionUpgrade.upgrade(
            c,
            "unix:///x",
            "id1",
            "ctx",
            "key",
            List.of("/grpc.health.v1.Health/Check", "/moby.filesync.v1.FileSync/DiffCopy"));
    assertThat(new String(past, StandardCharsets.ISO_8859_1)).isEqualTo("PRI * HTTP/2.0");
    String request = c.sent.toString(StandardCharsets.ISO_8859_1);
    assertThat(request)
        .startsWith("POST /session HTTP/1.1\r\nHost: localhost\r\n")
        .contains("Connection: Upgrade\r\nUpgrade: h2c\r\n")
        .contains("X-Docker-Expose-Session-Uuid: id1\r\n")
        .contains("X-Docker-Expose-Session-Sharedkey: key\r\n")
        .contains("X-Docker-Expose-Session-Grpc-Method: /grpc.health.v1.Health/Check\r\n")
        .contains("X-Docker-Expose-Session-Grpc-Method: /moby.filesync.v1.FileSync/DiffCopy\r\n")
        .endsWith("\r\n\r\n");
  }

  @Test
  void anEngineWithoutTheEndpointSaysSo() {
    Canned c = new Canned("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    assertThatThrownBy(() -> SessionUpgrade.upgrade(c, "unix:///x", "i", "n", "k", List.of()))
        .isInstanceOf(SessionUnavailableException.class)
        .hasMessageContaining("no BuildKit session endpoint");
  }

  @Test
  void anotherRefusalIsAnEngineError() {
    Canned c = new Canned("HTTP/1.1 500 Internal Server Error\r\n\r\nsession already exists");
    assertThatThrownBy(() -> SessionUpgrade.upgrade(c, "unix:///x", "i", "n", "k", List.of()))
        .isInstanceOf(EngineException.class)
        .isNotInstanceOf(SessionUnavailableException.class)
        .hasMessageContaining("500")
        .hasMessageContaining("session already exists");
  }
}
