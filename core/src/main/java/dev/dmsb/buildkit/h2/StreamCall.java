package dev.dmsb.buildkit.h2;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * One call on one HTTP/2 stream, as grpc-java's {@link ServerCall}: requests arrive as messages the
 * handler asks for ({@link #request}), answers leave as DATA frames within the peer's windows. The
 * handler's listener runs on the call's {@link SerialTasks}, inside the call's own cancellable
 * {@link Context}.
 */
final class StreamCall<Q, R> extends ServerCall<Q, R> {
  private static final int PREFIX = InboundMessages.PREFIX;

  private final H2GrpcServer connection;
  private final MethodDescriptor<Q, R> method;
  private final SerialTasks tasks;
  private final Context.CancellableContext context;
  final FrameWriter.StreamWindow window;
  // the listener is set by the first task and used only by later ones
  private Listener<Q> listener;

  private final InboundMessages inbound;
  // guarded by this
  private boolean peerHalfClosed;
  private boolean halfCloseDelivered;

  private volatile boolean headersSent;
  private volatile boolean closeCalled;
  private volatile boolean cancelled;

  /**
   * A call on stream {@code id}; {@code timeoutNanos} (the request's {@code grpc-timeout}, -1 for
   * none) is the handler's context's deadline, whose passing cancels the call as the client's own
   * deadline does.
   */
  StreamCall(
      H2GrpcServer connection,
      int id,
      long sendWindow,
      MethodDescriptor<Q, R> method,
      long timeoutNanos) {
    this.connection = connection;
    this.method = method;
    this.context =
        timeoutNanos < 0
            ? Context.ROOT.withCancellation()
            : Context.ROOT.withDeadlineAfter(
                timeoutNanos, TimeUnit.NANOSECONDS, connection.deadlines());
    this.tasks = connection.tasks();
    this.inbound =
        new InboundMessages(
            connection.streamWindow(),
            connection.maxMessage(),
            n -> connection.windowUpdate(id, n));
    this.window =
        new FrameWriter.StreamWindow(id, sendWindow) {
          @Override
          boolean ended() {
            return cancelled || closeCalled;
          }
        };
  }

  int id() {
    return window.id;
  }

  /** Starts the handler, then tells it the call can take messages. */
  void start(ServerCallHandler<Q, R> handler, Metadata headers) {
    context.addListener(
        ctx -> {
          // the deadline passed (a cancel of this end's own comes after the call's end)
          if (!closeCalled && !cancelled) {
            connection.ended(this, true, Frames.CANCEL);
            cancel();
          }
        },
        Runnable::run);
    tasks.execute(() -> callback(() -> listener = handler.startCall(this, headers)));
    tasks.execute(() -> callback(() -> listener.onReady()));
  }

  // ---- what the connection's reading thread hands in

  /** DATA from the peer; false when it cannot be taken (the call is then failed). */
  boolean data(byte[] b, int off, int len, int padding, boolean endStream) {
    Status bad = inbound.add(b, off, len, padding);
    if (bad != null) {
      fail(bad);
      return false;
    }
    if (endStream) {
      inbound.ended();
      synchronized (this) {
        peerHalfClosed = true;
      }
    }
    tasks.execute(this::deliver);
    return true;
  }

  /** The peer reset the stream, or the connection ended. */
  void cancel() {
    if (cancelled) {
      return;
    }
    boolean done = closeCalled;
    cancelled = true;
    connection.wakeSenders();
    tasks.execute(
        () -> {
          if (!done) {
            callback(() -> listener.onCancel());
          }
          context.cancel(null);
        });
  }

  /** The peer's window for this stream (or the connection) opened again. */
  void windowOpened() {
    if (!cancelled && !closeCalled) {
      tasks.execute(() -> callback(() -> listener.onReady()));
    }
  }

  // ---- ServerCall

  @Override
  public void request(int numMessages) {
    inbound.request(numMessages);
    tasks.execute(this::deliver);
  }

  @Override
  public void sendHeaders(Metadata headers) {
    if (headersSent || closeCalled) {
      throw new IllegalStateException("headers were sent already, or the call is closed");
    }
    headersSent = true;
    if (cancelled) {
      return;
    }
    try {
      connection.writer().headers(id(), HeaderBlock.responseHeaders(headers), false);
    } catch (IOException e) {
      connection.failed(e);
    }
  }

  @Override
  public void sendMessage(R message) {
    if (closeCalled) {
      throw new IllegalStateException("the call is closed");
    }
    if (!headersSent) {
      sendHeaders(new Metadata());
    }
    if (cancelled) {
      return;
    }
    byte[] framed;
    try (InputStream in = method.streamResponse(message)) {
      framed = InboundMessages.framed(in);
    } catch (IOException e) {
      throw new IllegalStateException("the answer could not be serialised: " + e.getMessage(), e);
    }
    try {
      connection.writer().data(window, framed, 0, framed.length);
    } catch (IOException e) {
      connection.failed(e);
    }
  }

  @Override
  public void close(Status status, Metadata trailers) {
    if (closeCalled) {
      return;
    }
    closeCalled = true;
    connection.wakeSenders();
    if (!cancelled) {
      try {
        connection
            .writer()
            .headers(id(), HeaderBlock.trailers(status, trailers, !headersSent), true);
      } catch (IOException e) {
        connection.failed(e);
      }
    }
    boolean halfClosed;
    synchronized (this) {
      halfClosed = peerHalfClosed;
    }
    connection.ended(this, !halfClosed);
    tasks.execute(
        () -> {
          if (!cancelled) {
            callback(() -> listener.onComplete());
          }
          context.cancel(null);
        });
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public boolean isReady() {
    return !cancelled && !closeCalled && connection.writer().ready(window);
  }

  @Override
  public MethodDescriptor<Q, R> getMethodDescriptor() {
    return method;
  }

  // ---- inside

  private void deliver() {
    while (true) {
      if (cancelled || listener == null) {
        return;
      }
      byte[] message = inbound.next();
      if (message == null) {
        synchronized (this) {
          if (!peerHalfClosed || halfCloseDelivered || !inbound.isEmpty()) {
            return;
          }
          halfCloseDelivered = true;
        }
        callback(() -> listener.onHalfClose());
        return;
      }
      Q request;
      try {
        request = method.parseRequest(new ByteArrayInputStream(message));
      } catch (RuntimeException e) {
        fail(Status.INTERNAL.withDescription("a request could not be read: " + e.getMessage()));
        return;
      }
      callback(() -> listener.onMessage(request));
    }
  }

  private void callback(Runnable r) {
    Context previous = context.attach();
    try {
      r.run();
    } catch (RuntimeException | Error e) {
      if (!closeCalled && !cancelled) {
        close(
            Status.UNKNOWN.withDescription("Application error processing RPC").withCause(e),
            new Metadata());
      }
    } finally {
      context.detach(previous);
    }
  }

  /**
   * Fails the call from the connection's side: the status to the peer, the stream reset, and the
   * handler told that the call was cancelled.
   */
  private void fail(Status status) {
    if (!closeCalled && !cancelled) {
      try {
        connection.writer().headers(id(), HeaderBlock.trailers(status, null, !headersSent), true);
      } catch (IOException e) {
        connection.failed(e);
      }
      connection.ended(this, true);
    }
    cancel();
  }
}
