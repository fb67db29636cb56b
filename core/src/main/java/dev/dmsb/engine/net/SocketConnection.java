package dev.dmsb.engine.net;

import dev.dmsb.engine.EngineConnection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.Socket;

/**
 * A tcp (or TLS) socket, full duplex as it is. Bytes the caller read already (while checking a
 * handshake, say) are handed in and come first on {@link #input()}.
 */
public final class SocketConnection implements EngineConnection {
  private final Socket socket;
  private final String hostHeader;
  private final byte[] first;

  /**
   * @param socket a connected socket (a TLS one after its handshake)
   * @param hostHeader the {@code Host} header for HTTP/1.1 requests on it
   * @param first bytes read from it already, replayed before the rest
   */
  public SocketConnection(Socket socket, String hostHeader, byte[] first) {
    this.socket = socket;
    this.hostHeader = hostHeader;
    this.first = first.clone();
  }

  /** A connection with nothing read from it yet. */
  public SocketConnection(Socket socket, String hostHeader) {
    this(socket, hostHeader, new byte[0]);
  }

  @Override
  public InputStream input() {
    try {
      InputStream in = socket.getInputStream();
      return first.length == 0 ? in : new SequenceInputStream(new ByteArrayInputStream(first), in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public OutputStream output() {
    try {
      return socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String hostHeader() {
    return hostHeader;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
