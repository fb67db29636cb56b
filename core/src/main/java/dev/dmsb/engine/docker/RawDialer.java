package dev.dmsb.engine.docker;

import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.EngineDialer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Raw connections to the engine over the endpoint docker-java's transport uses: a unix socket, tcp,
 * or TLS with the same SSL context. docker-java's transport cannot make the {@code h2c} upgrade a
 * BuildKit session needs (it sends {@code Upgrade: tcp}), so the session dials through this.
 *
 * <p>A unix socket is read and written through the channel itself, not {@code
 * Channels.newInputStream}: those streams take the channel's blocking lock, so a read waiting for
 * the engine would hold up every write, and a session reads and writes at once.
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
      SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(host.getPath()));
      return new UnixConnection(channel);
    }
    if (!"tcp".equals(scheme) && !"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IOException("cannot open a raw connection to " + host);
    }
    int port = host.getPort() > 0 ? host.getPort() : (ssl != null ? 2376 : 2375);
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host.getHost(), port), timeoutMillis());
      socket.setTcpNoDelay(true);
      if (ssl != null) {
        SSLSocket tls =
            (SSLSocket) ssl.getSocketFactory().createSocket(socket, host.getHost(), port, true);
        tls.startHandshake();
        socket = tls;
      }
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    return new SocketConnection(socket, host.getHost() + ":" + port);
  }

  private int timeoutMillis() {
    return connectTimeout == null
        ? 0
        : (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
  }

  /** A tcp (or TLS) socket, full duplex as it is. */
  private record SocketConnection(Socket socket, String hostHeader) implements EngineConnection {
    @Override
    public InputStream input() {
      try {
        return socket.getInputStream();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public OutputStream output() {
      try {
        return socket.getOutputStream();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A unix socket channel in blocking mode, read and written without its blocking lock. */
  private static final class UnixConnection implements EngineConnection {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    UnixConnection(SocketChannel channel) {
      this.channel = channel;
      this.in =
          new InputStream() {
            @Override
            public int read() throws IOException {
              byte[] one = new byte[1];
              int n = read(one, 0, 1);
              return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              if (len == 0) {
                return 0;
              }
              return channel.read(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public void close() throws IOException {
              channel.close();
            }
          };
      this.out =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
              while (buffer.hasRemaining()) {
                channel.write(buffer);
              }
            }

            @Override
            public void close() throws IOException {
              channel.close();
            }
          };
    }

    @Override
    public InputStream input() {
      return in;
    }

    @Override
    public OutputStream output() {
      return out;
    }

    @Override
    public String hostHeader() {
      return "localhost";
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
