package dev.dmsb.sshagent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;

/** An {@link InProcessAgent} on a Unix socket, so that OpenSSH's own tools can talk to it. */
final class AgentSocket implements AutoCloseable {
  private final ServerSocketChannel server;
  private final Thread acceptor;

  AgentSocket(InProcessAgent agent, Path path) throws IOException {
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  SocketChannel c = server.accept();
                  Thread t = new Thread(() -> serve(agent.connect(), c), "agent-conn");
                  t.setDaemon(true);
                  t.start();
                }
              } catch (IOException e) {
                // closed
              }
            },
            "agent-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void serve(InProcessAgent.Connection conn, SocketChannel c) {
    try (c) {
      ByteBuffer in = ByteBuffer.allocate(8192);
      while (c.read(in) >= 0 && !conn.broken()) {
        in.flip();
        byte[] data = Arrays.copyOf(in.array(), in.limit());
        in.clear();
        for (byte[] answer : conn.receive(data)) {
          ByteBuffer out = ByteBuffer.wrap(answer);
          while (out.hasRemaining()) {
            c.write(out);
          }
        }
      }
    } catch (IOException e) {
      // the client went
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
