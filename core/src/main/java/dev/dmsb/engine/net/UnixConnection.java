package dev.dmsb.engine.net;

import dev.dmsb.engine.EngineConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A unix socket channel in blocking mode, read and written through the channel itself, not {@code
 * Channels.newInputStream}: those streams take the channel's blocking lock, so a read waiting for
 * the daemon would hold up every write, and a session reads and writes at once.
 */
public final class UnixConnection implements EngineConnection {
  private final SocketChannel channel;
  private final InputStream in;
  private final OutputStream out;

  private UnixConnection(SocketChannel channel) {
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
            return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
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

  /** Connects to the socket at {@code path}. */
  public static UnixConnection open(Path path) throws IOException {
    return new UnixConnection(SocketChannel.open(UnixDomainSocketAddress.of(path)));
  }

  /** A channel connected already (one a server accepted, say), in blocking mode. */
  public static UnixConnection of(SocketChannel channel) {
    return new UnixConnection(channel);
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
