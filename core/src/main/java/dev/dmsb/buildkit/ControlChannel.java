package dev.dmsb.buildkit;

import dev.dmsb.buildkit.h2.H2GrpcChannel;
import dev.dmsb.engine.EngineConnection;
import io.grpc.Channel;
import java.io.IOException;

/**
 * A gRPC client channel to a BuildKit daemon over the connection dmsb dialled itself (a unix
 * socket, tcp, TLS, a Docker engine's upgraded {@code /grpc}): dmsb's own {@link H2GrpcChannel} on
 * that connection, which grpc-java's stubs use as they would any channel. The connection, dialled
 * first to say at once what is wrong with the address, carries every call of the build.
 */
final class ControlChannel implements AutoCloseable {
  private final EngineConnection connection;
  private final H2GrpcChannel channel;

  private ControlChannel(EngineConnection connection, H2GrpcChannel channel) {
    this.connection = connection;
    this.channel = channel;
  }

  /** HTTP/2 on {@code connection}, to the daemon that {@code name} says. */
  static ControlChannel open(String name, EngineConnection connection) throws ControlException {
    try {
      // BuildKit's own clients say "localhost" for a socket that has no host name of its own
      return new ControlChannel(
          connection,
          H2GrpcChannel.open(
              "dmsb-control", name, "localhost", connection.input(), connection.output()));
    } catch (IOException e) {
      closeQuietly(connection);
      throw new ControlException(
          true, "cannot start HTTP/2 with " + name + ": " + e.getMessage(), e);
    }
  }

  Channel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.close();
    closeQuietly(connection);
  }

  private static void closeQuietly(EngineConnection c) {
    try {
      c.close();
    } catch (IOException e) {
      // closed either way
    }
  }
}
