package dev.dmsb.buildkit.h2;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call from this end, as grpc-java's {@link ClientCall}: HEADERS open the stream, requests
 * leave as DATA within the peer's windows, answers reach the listener as it asks for them, and the
 * trailers' status closes it. A deadline (the call's or its {@link Context}'s) and the context's
 * cancellation cancel it, as grpc-java's own calls do.
 */
final class ClientStream<Q, R> extends ClientCall<Q, R> {
  private static final int PREFIX = InboundMessages.PREFIX;

  private final H2GrpcChannel channel;
  private final MethodDescriptor<Q, R> method;
  private final CallOptions options;
  private final SerialTasks tasks;
  private Listener<R> listener;
  private Context context;
  private final Context.CancellationListener onContextCancel = ctx -> cancelWith(cancelledBy(ctx));
  private ScheduledFuture<?> deadlineTimer;
  volatile FrameWriter.StreamWindow window;

  private InboundMessages inbound; // set with the stream
  // guarded by this
  private boolean headersSeen;
  private Status finalStatus;
  private Metadata finalTrailers;
  private boolean ended; // nothing more comes from the peer, or the call ended here
  private boolean closeDelivered;
  private boolean dropping; // the call ended here: answers still queued or coming are dropped
  private int demandBeforeStart;
  private boolean open; // the stream is open and what was sent before has gone out
  private final ArrayDeque<byte[]> sentBeforeOpen = new ArrayDeque<>();
  private boolean halfClosedBeforeOpen;

  private volatile boolean done;

  ClientStream(H2GrpcChannel channel, MethodDescriptor<Q, R> method, CallOptions options) {
    this.channel = channel;
    this.method = method;
    this.options = options;
    Executor executor = options.getExecutor();
    this.tasks = executor != null ? new SerialTasks(executor) : channel.tasks();
  }

  @Override
  public void start(Listener<R> responseListener, Metadata headers) {
    if (listener != null) {
      throw new IllegalStateException("the call was started already");
    }
    listener = responseListener;
    context = Context.current();
    Deadline deadline = earlier(options.getDeadline(), context.getDeadline());
    if (context.isCancelled()) {
      end(cancelledBy(context), null);
      return;
    }
    if (deadline != null && deadline.isExpired()) {
      end(Status.DEADLINE_EXCEEDED.withDescription("the deadline passed before the call"), null);
      return;
    }
    context.addListener(onContextCancel, Runnable::run);
    long timeout = deadline == null ? -1 : deadline.timeRemaining(TimeUnit.NANOSECONDS);
    byte[] block =
        HeaderBlock.request(
            "/" + method.getFullMethodName(), channel.authority(), timeout, headers);
    boolean now;
    try {
      now = channel.open(this, block);
    } catch (IOException e) {
      end(Status.UNAVAILABLE.withDescription(channel.why(e)).withCause(e), null);
      return;
    }
    if (deadline != null) {
      deadlineTimer =
          channel.schedule(
              () ->
                  cancelWith(
                      Status.DEADLINE_EXCEEDED.withDescription(
                          "the call took longer than its deadline")),
              timeout);
    }
    if (now) {
      synchronized (this) {
        open = true;
      }
      tasks.execute(() -> callback(() -> listener.onReady()));
    }
  }

  @Override
  public void request(int numMessages) {
    InboundMessages in;
    synchronized (this) {
      in = inbound;
      if (in == null) {
        demandBeforeStart += numMessages;
      }
    }
    if (in != null) {
      in.request(numMessages);
    }
    tasks.execute(this::deliver);
  }

  @Override
  public void cancel(String message, Throwable cause) {
    Status s = Status.CANCELLED;
    if (message != null) {
      s = s.withDescription(message);
    }
    if (cause != null) {
      s = s.withCause(cause);
    }
    cancelWith(s);
  }

  @Override
  public void halfClose() {
    synchronized (this) {
      if (done) {
        return;
      }
      if (!open) {
        halfClosedBeforeOpen = true;
        return;
      }
    }
    sendEnd();
  }

  private void sendEnd() {
    FrameWriter.StreamWindow w = window;
    try {
      channel.writer().frame(Frames.DATA, Frames.FLAG_END_STREAM, w.id, new byte[0], 0, 0);
    } catch (IOException e) {
      channel.failed(e);
    }
  }

  /**
   * Sends one request, waiting for the peer's windows. Before the stream opens (the peer's limit on
   * streams is reached) it is kept, and goes out first when the stream opens; {@link #isReady} says
   * false until then, so a streaming caller that heeds it keeps nothing.
   */
  @Override
  public void sendMessage(Q message) {
    if (done) {
      return;
    }
    byte[] framed;
    try (InputStream in = method.streamRequest(message)) {
      framed = InboundMessages.framed(in);
    } catch (IOException e) {
      cancel("the request could not be serialised", e);
      return;
    }
    synchronized (this) {
      if (!open) {
        sentBeforeOpen.add(framed);
        return;
      }
    }
    send(framed);
  }

  private void send(byte[] framed) {
    try {
      channel.writer().data(window, framed, 0, framed.length);
    } catch (IOException e) {
      channel.failed(e);
    }
  }

  @Override
  public boolean isReady() {
    FrameWriter.StreamWindow w = window;
    synchronized (this) {
      if (!open) {
        return false;
      }
    }
    return !done && channel.writer().ready(w);
  }

  /**
   * The stream opened after the call waited in line: what was sent before goes out, in order, on a
   * call thread (it may wait for the peer's windows), and then the listener hears it is ready.
   */
  void opened() {
    channel.execute(
        () -> {
          while (true) {
            byte[] next;
            boolean end;
            synchronized (this) {
              if (done) {
                sentBeforeOpen.clear();
                return;
              }
              next = sentBeforeOpen.poll();
              end = halfClosedBeforeOpen;
              if (next == null) {
                open = true;
              }
            }
            if (next == null) {
              if (end) {
                sendEnd();
              }
              tasks.execute(() -> callback(() -> listener.onReady()));
              return;
            }
            send(next);
          }
        });
  }

  // ---- what the connection hands in

  boolean isDone() {
    return done;
  }

  void stream(int id, long sendWindow) {
    InboundMessages in =
        new InboundMessages(
            channel.streamWindow(), channel.maxMessage(), n -> channel.windowUpdate(id, n));
    synchronized (this) {
      in.request(demandBeforeStart);
      inbound = in;
    }
    window =
        new FrameWriter.StreamWindow(id, sendWindow) {
          @Override
          boolean ended() {
            return done;
          }
        };
  }

  void headers(List<byte[]> fields, boolean endStream) {
    boolean first;
    synchronized (this) {
      first = !headersSeen;
      headersSeen = true;
    }
    if (first) {
      String code = HeaderBlock.value(fields, ":status");
      if (code != null && !code.equals("200")) {
        int http;
        try {
          http = Integer.parseInt(code);
        } catch (NumberFormatException e) {
          http = 0;
        }
        resetWith(HeaderBlock.httpStatus(http));
        return;
      }
      if (!endStream) {
        Metadata md = HeaderBlock.metadata(fields);
        tasks.execute(() -> callback(() -> listener.onHeaders(md)));
        return;
      }
    }
    if (endStream) {
      finish(HeaderBlock.status(fields), HeaderBlock.metadata(fields));
    }
  }

  void data(byte[] b, int off, int len, int padding, boolean endStream) {
    synchronized (this) {
      if (dropping) {
        return; // the call ended here: what was still coming goes unread
      }
    }
    Status bad = inbound.add(b, off, len, padding);
    if (bad != null) {
      resetWith(bad.withDescription("the answer: " + bad.getDescription()));
      return;
    }
    if (endStream) {
      finish(Status.INTERNAL.withDescription("the answer ended without trailers"), new Metadata());
    } else {
      tasks.execute(this::deliver);
    }
  }

  /** The peer reset the stream. */
  void reset(int errorCode) {
    Status s =
        switch (errorCode) {
          case Frames.NO_ERROR -> null;
          case Frames.CANCEL -> Status.CANCELLED.withDescription("the server cancelled the call");
          case 0x7 -> Status.UNAVAILABLE.withDescription("the server refused the stream");
          default ->
              Status.INTERNAL.withDescription(
                  "the server reset the stream (code " + errorCode + ")");
        };
    if (s == null) {
      synchronized (this) {
        if (ended) {
          return; // after the answer: the server just stops what this end would still send
        }
      }
      s = Status.INTERNAL.withDescription("the server ended the stream before its answer");
    }
    if (end(s, null)) {
      channel.ended(this, false);
    }
  }

  /** The peer's window for the call opened again. */
  void windowOpened() {
    if (!done) {
      tasks.execute(() -> callback(() -> listener.onReady()));
    }
  }

  /** The connection ended under the call. */
  void connectionEnded(Status status) {
    end(status, null);
  }

  // ---- inside

  /** The peer's last headers: the status, after the messages queued before it. */
  private void finish(Status status, Metadata trailers) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      finalStatus = status;
      finalTrailers = trailers;
    }
    if (inbound != null) {
      inbound.ended();
    }
    done = true;
    channel.wakeSenders();
    channel.ended(this, false);
    tasks.execute(this::deliver);
  }

  /** Ends the call here: the peer is told (RST_STREAM), the listener closed with {@code s}. */
  private void cancelWith(Status s) {
    if (end(s, null)) {
      channel.ended(this, window != null);
    }
  }

  private void resetWith(Status s) {
    cancelWith(s);
  }

  /** Ends the call now, dropping what waits; false when it had ended already. */
  private boolean end(Status s, Metadata trailers) {
    synchronized (this) {
      if (ended) {
        return false;
      }
      ended = true;
      dropping = true;
      if (inbound != null) {
        inbound.clear();
      }
      finalStatus = s;
      finalTrailers = trailers;
    }
    done = true;
    channel.wakeSenders();
    tasks.execute(this::deliver);
    return true;
  }

  private void deliver() {
    while (true) {
      InboundMessages in;
      synchronized (this) {
        if (closeDelivered || listener == null) {
          return;
        }
        in = dropping ? null : inbound;
      }
      byte[] message = in == null ? null : in.next();
      if (message == null) {
        Status status;
        Metadata trailers;
        synchronized (this) {
          if (!ended || (in != null && !in.isEmpty()) || closeDelivered) {
            return;
          }
          closeDelivered = true;
          status = finalStatus;
          trailers = finalTrailers == null ? new Metadata() : finalTrailers;
        }
        cleanUp();
        callback(() -> listener.onClose(status, trailers));
        return;
      }
      R answer;
      try {
        answer = method.parseResponse(new ByteArrayInputStream(message));
      } catch (RuntimeException e) {
        cancelWith(Status.INTERNAL.withDescription("an answer could not be read: " + e));
        continue;
      }
      callback(() -> listener.onMessage(answer));
    }
  }

  private void cleanUp() {
    ScheduledFuture<?> t = deadlineTimer;
    if (t != null) {
      t.cancel(false);
    }
    if (context != null) {
      context.removeListener(onContextCancel);
    }
  }

  private void callback(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException | Error e) {
      cancel("the call's listener failed", e);
    }
  }

  /** A context's cancellation as a call's status: its deadline's passing, or a cancel. */
  private static Status cancelledBy(Context ctx) {
    Throwable cause = ctx.cancellationCause();
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return Status.DEADLINE_EXCEEDED.withDescription("the call's context passed its deadline");
    }
    return Status.CANCELLED.withDescription("the call's context was cancelled").withCause(cause);
  }

  private static Deadline earlier(Deadline a, Deadline b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.minimum(b);
  }
}
