package dev.dmsb.buildkit;

import com.google.protobuf.ByteString;
import dev.dmsb.buildkit.proto.control.BytesMessage;
import dev.dmsb.engine.BuildSession;
import dev.dmsb.engine.BuildSessions;
import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.SessionOffer;
import dev.dmsb.engine.SessionTraffic;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * BuildKit sessions through the Control API's {@code Session} call, as buildctl opens them on a
 * buildkitd: the session's headers go as lower-cased gRPC metadata, and both directions of the call
 * carry the session's raw HTTP/2 bytes in {@code BytesMessage}s, on which dmsb runs the same HTTP/2
 * and gRPC server (and the same services) as on a Docker engine's {@code /session}.
 */
final class ControlSessions implements BuildSessions {
  private static final Metadata.Key<String> UUID = key("x-docker-expose-session-uuid");
  private static final Metadata.Key<String> NAME = key("x-docker-expose-session-name");
  private static final Metadata.Key<String> SHARED_KEY = key("x-docker-expose-session-sharedkey");
  private static final Metadata.Key<String> METHOD = key("x-docker-expose-session-grpc-method");

  private final Channel channel;
  private final String address;

  ControlSessions(Channel channel, String address) {
    this.channel = channel;
    this.address = address;
  }

  private static Metadata.Key<String> key(String name) {
    return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
  }

  @Override
  public BuildSession open(SessionOffer offer) throws EngineException {
    String id = BuildkitSessions.newId();
    SessionServices services = new SessionServices(offer);
    Metadata headers = new Metadata();
    headers.put(UUID, id);
    headers.put(NAME, ascii(offer.name()));
    headers.put(SHARED_KEY, offer.sharedKey());
    for (String m : services.methodPaths()) {
      headers.put(METHOD, m);
    }
    Pipe pipe = new Pipe(channel.newCall(ControlCalls.SESSION, CallOptions.DEFAULT), headers);
    Opened session = new Opened(id, services);
    services.readAhead();
    // The server starts on its own thread and serves the pipe; why it fails reaches the session.
    session.server = SessionServer.start(id, services.definitions(), session);
    session.server.attach(pipe, new byte[0]);
    return session;
  }

  private static String ascii(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? c : '_');
    }
    return b.toString();
  }

  /** An open session. */
  private static final class Opened implements BuildSession, java.util.function.Consumer<String> {
    private final String id;
    private final SessionServices services;
    private SessionServer server;
    private volatile String failure;

    Opened(String id, SessionServices services) {
      this.id = id;
      this.services = services;
    }

    @Override
    public void accept(String why) {
      if (failure == null) {
        failure = why;
      }
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public SessionTraffic traffic() {
      DiffCopySender.Counters c = services.counters();
      return new SessionTraffic(
          c.entries.get(), c.files.get(), c.fileBytes.get(), server.bytesSent());
    }

    @Override
    public String failure() {
      return failure;
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /**
   * The Session call as a byte connection: what the daemon sends is read from {@link #input()} (one
   * message asked for at a time, so a slow reader holds the daemon back), what is written to {@link
   * #output()} goes as messages.
   */
  private static final class Pipe extends ClientCall.Listener<BytesMessage>
      implements EngineConnection {
    private static final byte[] END = new byte[0];
    private final ClientCall<BytesMessage, BytesMessage> call;
    private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final Object writeLock = new Object();
    private volatile boolean closed;

    Pipe(ClientCall<BytesMessage, BytesMessage> call, Metadata headers) {
      this.call = call;
      call.start(this, headers);
      call.request(1);
    }

    @Override
    public void onMessage(BytesMessage message) {
      received.add(message.getData().toByteArray());
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      closed = true;
      received.add(END);
    }

    @Override
    public void onReady() {
      synchronized (writeLock) {
        writeLock.notifyAll();
      }
    }

    @Override
    public InputStream input() {
      return new InputStream() {
        private byte[] current = new byte[0];
        private int at;

        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          while (at == current.length) {
            if (current == END) {
              return -1;
            }
            try {
              current = received.take();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("interrupted reading the BuildKit session");
            }
            at = 0;
            if (current != END) {
              synchronized (writeLock) {
                call.request(1);
              }
            }
          }
          int n = Math.min(len, current.length - at);
          System.arraycopy(current, at, b, off, n);
          at += n;
          return n;
        }
      };
    }

    @Override
    public OutputStream output() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          synchronized (writeLock) {
            while (!call.isReady() && !closed) {
              try {
                writeLock.wait(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted writing the BuildKit session");
              }
            }
            if (closed) {
              throw new IOException("the BuildKit daemon ended the session");
            }
            call.sendMessage(
                BytesMessage.newBuilder().setData(ByteString.copyFrom(b, off, len)).build());
          }
        }
      };
    }

    @Override
    public String hostHeader() {
      return "localhost";
    }

    @Override
    public void close() {
      synchronized (writeLock) {
        if (closed) {
          return;
        }
        closed = true;
        try {
          call.halfClose();
        } catch (IllegalStateException e) {
          // already closed
        }
        call.cancel("the session is over", null);
      }
    }
  }
}
