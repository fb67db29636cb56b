package dev.dmsb.engine.docker;

import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.EngineDialer;
import dev.dmsb.engine.net.SocketConnection;
import dev.dmsb.engine.net.SocketDialer;
import dev.dmsb.engine.net.UnixConnection;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Raw connections to the engine over the endpoint docker-java's transport uses: a unix socket, tcp,
 * or TLS with the same SSL context. docker-java's transport cannot make the {@code h2c} upgrade a
 * BuildKit session needs (it sends {@code Upgrade: tcp}), so the session dials through this.
 */
final class RawDialer implements EngineDialer {
  private final URI host;
  private final SSLContext ssl;
  private final Duration connectTimeout;

  /** {@code ssl}: the engine's TLS context, or null for plain tcp and unix sockets. */
  RawDialer(URI host, SSLContext ssl, Duration connectTimeout) {
    this.host = host;
    this.ssl = ssl;
    this.connectTimeout = connectTimeout;
  }

  @Override
  public EngineConnection dial() throws IOException {
    String scheme = host.getScheme();
    if ("unix".equals(scheme)) {
      return UnixConnection.open(Path.of(host.getPath()));
    }
    if (!"tcp".equals(scheme) && !"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IOException("cannot open a raw connection to " + host);
    }
    int port = host.getPort() > 0 ? host.getPort() : (ssl != null ? 2376 : 2375);
    Socket socket = SocketDialer.connect(host.getHost(), port, timeoutMillis());
    if (ssl != null) {
      socket =
          SocketDialer.handshake(
              socket, new SocketDialer.Tls(ssl, host.getHost(), List.of(), false));
    }
    return new SocketConnection(socket, host.getHost() + ":" + port);
  }

  private int timeoutMillis() {
    return connectTimeout == null
        ? 0
        : (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
  }
}
