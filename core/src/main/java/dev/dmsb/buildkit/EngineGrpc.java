package dev.dmsb.buildkit;

import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.EngineDialer;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Docker engine's {@code /grpc}, as buildx's docker driver dials it: {@code POST /grpc} upgraded
 * to {@code h2c} on a connection of the engine's own dialer, after which the engine serves
 * BuildKit's Control API as the HTTP/2 server on it. Each connection the gRPC channel needs is a
 * new upgrade.
 */
final class EngineGrpc {

  private EngineGrpc() {}

  static ControlBuildHost open(Engine engine) throws EngineException {
    EngineDialer dialer =
        engine
            .dialer()
            .orElseThrow(
                () ->
                    new EngineException(
                        "the engine at " + engine.address() + " cannot be dialled for /grpc"));
    String address = engine.address();
    EngineConnection first;
    try {
      first = upgrade(dialer, address);
    } catch (ControlException e) {
      throw e.unreachable()
          ? new EngineUnreachableException(address, e.getMessage(), e)
          : new EngineException(e.getMessage(), e);
    }
    try {
      return ControlBuildHost.over(
          address, ControlChannel.open("the engine's /grpc at " + address, first), engine);
    } catch (ControlException e) {
      throw new EngineException(e.getMessage(), e);
    }
  }

  private static EngineConnection upgrade(EngineDialer dialer, String address)
      throws ControlException {
    EngineConnection c;
    try {
      c = dialer.dial();
    } catch (IOException e) {
      throw new ControlException(
          true, "Cannot reach a Docker engine at " + address + " for /grpc: " + e.getMessage(), e);
    }
    try {
      OutputStream out = c.output();
      out.write(
          ("POST /grpc HTTP/1.1\r\nHost: "
                  + c.hostHeader()
                  + "\r\nUser-Agent: dmsb\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n"
                  + "Content-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      UpgradeAnswer answer = UpgradeAnswer.read(c.input(), "POST /grpc");
      String status = answer.statusLine();
      if (!status.contains(" 101 ")) {
        close(c);
        throw new ControlException(
            "The engine at " + address + " serves no BuildKit Control API on /grpc: " + status);
      }
      byte[] past = answer.rest();
      return new Upgraded(c, past);
    } catch (IOException e) {
      close(c);
      throw new ControlException(
          true,
          "The /grpc upgrade with the engine at " + address + " failed: " + e.getMessage(),
          e);
    }
  }

  private static void close(EngineConnection c) {
    try {
      c.close();
    } catch (IOException e) {
      // closed either way
    }
  }

  /** An upgraded connection; what came with the {@code 101} is read first. */
  private record Upgraded(EngineConnection c, byte[] past) implements EngineConnection {
    @Override
    public InputStream input() {
      InputStream in = c.input();
      return past.length == 0 ? in : new SequenceInputStream(new ByteArrayInputStream(past), in);
    }

    @Override
    public OutputStream output() {
      return c.output();
    }

    @Override
    public String hostHeader() {
      return c.hostHeader();
    }

    @Override
    public void close() throws IOException {
      c.close();
    }
  }
}
