package dev.dmsb.buildkit.h2;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC client {@link Channel} on one HTTP/2 connection that dmsb dialled itself (a unix socket,
 * tcp, TLS, a Docker engine's upgraded {@code /grpc}): a thread of its own reads the connection,
 * calls write through one buffered stream. grpc-java's stubs and {@code ClientCalls} work on it
 * unchanged. When the connection ends, every open call fails {@code UNAVAILABLE} and so do later
 * ones: a build's calls live as long as its one connection.
 */
public final class H2GrpcChannel extends Channel implements AutoCloseable {
  private static final int STREAM_WINDOW = 1 << 20;
  private static final int CONNECTION_WINDOW = 16 << 20;
  private static final int MAX_MESSAGE = 16 << 20;

  private final String name;
  private final String peer;
  private final String authority;
  private final InputStream in;
  private final OutputStream out;
  private final FrameWriter writer;
  private final FrameReader reader;
  private final ConcurrentHashMap<Integer, ClientStream<?, ?>> streams = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor pool;
  private final Object opening = new Object();
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(); // guarded by opening
  private ScheduledThreadPoolExecutor timers; // guarded by this
  private int nextStream = 1; // guarded by opening
  private long peerInitialWindow = Frames.DEFAULT_WINDOW; // guarded by opening
  private long peerMaxStreams = Long.MAX_VALUE; // guarded by opening
  private boolean peerSettingsSeen; // guarded by opening: its limits are known
  private volatile Status ended;
  private Status goingAway; // guarded by opening: the peer's GOAWAY, after which no stream opens

  private H2GrpcChannel(
      String name, String peer, String authority, InputStream in, OutputStream out) {
    this.name = name;
    this.peer = peer;
    this.authority = authority;
    this.in = in;
    this.out = out;
    this.writer = new FrameWriter(new BufferedOutputStream(out, 64 * 1024), name);
    this.reader =
        new FrameReader(
            new DataInputStream(new BufferedInputStream(in, 64 * 1024)),
            writer,
            new Answers(),
            CONNECTION_WINDOW);
    this.pool = CallThreads.pool(name);
  }

  /**
   * Starts HTTP/2 on a connection: the client's preface and settings go out now, and a thread
   * starts reading. {@code name} goes into the channel's thread names, {@code peer} (what is at the
   * other end, in words) into its failures; {@code authority} is what {@code :authority} says (a
   * unix socket has none of its own; BuildKit's clients say {@code localhost}).
   */
  public static H2GrpcChannel open(
      String name, String peer, String authority, InputStream in, OutputStream out)
      throws IOException {
    H2GrpcChannel c = new H2GrpcChannel(name, peer, authority, in, out);
    c.greet();
    Thread t = new Thread(c::read, name + "-read");
    t.setDaemon(true);
    t.start();
    return c;
  }

  @Override
  public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
    return new ClientStream<>(this, method, options);
  }

  @Override
  public String authority() {
    return authority;
  }

  /** Bytes written to the connection so far. */
  public long bytesSent() {
    return writer.bytesSent();
  }

  /** Fails every open call, says goodbye, and closes the connection. */
  @Override
  public void close() {
    end(Status.UNAVAILABLE.withDescription("the channel was closed"), true);
  }

  // ---- for the calls

  SerialTasks tasks() {
    return new SerialTasks(pool);
  }

  FrameWriter writer() {
    return writer;
  }

  int maxMessage() {
    return MAX_MESSAGE;
  }

  int streamWindow() {
    return STREAM_WINDOW;
  }

  void wakeSenders() {
    writer.wakeSenders();
  }

  /**
   * Opens a stream for {@code call} with its header block now, and says true; ids rise in the order
   * sent. While the peer's settings (which say its limit on concurrent streams) have not come, or
   * that limit is reached, the call waits in line instead, and false is said: it opens, in the
   * order started, when a stream ends or the settings come ({@link ClientStream#opened}). The
   * caller's thread never waits, as {@link ClientCall#start} must not.
   */
  boolean open(ClientStream<?, ?> call, byte[] headers) throws IOException {
    synchronized (opening) {
      Status why = ended != null ? ended : goingAway;
      if (why != null) {
        throw new IOException(why.getDescription());
      }
      if (waiting.isEmpty() && mayOpen()) {
        openStream(call, headers);
        return true;
      }
      waiting.add(new Waiting(call, headers));
      return false;
    }
  }

  private boolean mayOpen() {
    return peerSettingsSeen && streams.size() < peerMaxStreams;
  }

  private void openStream(ClientStream<?, ?> call, byte[] headers) throws IOException {
    int id = nextStream;
    nextStream += 2;
    call.stream(id, peerInitialWindow);
    streams.put(id, call);
    try {
      writer.headers(id, headers, false);
    } catch (IOException e) {
      streams.remove(id);
      throw e;
    }
  }

  /**
   * Opens the calls in line that may open now, on a call thread: the reader's thread does not
   * write, so it never waits on a full socket while the peer waits for it to read.
   */
  private void openWaiting() {
    synchronized (opening) {
      if (waiting.isEmpty() || !mayOpen() || ended != null) {
        return;
      }
    }
    execute(
        () -> {
          List<ClientStream<?, ?>> opened = new ArrayList<>();
          IOException failure = null;
          synchronized (opening) {
            while (ended == null && goingAway == null && !waiting.isEmpty() && mayOpen()) {
              Waiting w = waiting.poll();
              if (w.call.isDone()) {
                continue; // it ended in line
              }
              try {
                openStream(w.call, w.headers);
              } catch (IOException e) {
                waiting.addFirst(w); // fails with the connection, below
                failure = e;
                break;
              }
              opened.add(w.call);
            }
          }
          if (failure != null) {
            failed(failure);
          }
          opened.forEach(ClientStream::opened);
        });
  }

  /** A call waiting for a stream: its header block is written when it opens. */
  private record Waiting(ClientStream<?, ?> call, byte[] headers) {}

  /**
   * Runs work for the calls (opening those in line, what one sent before its stream opened) on the
   * call threads; after the channel ended there is none to do.
   */
  void execute(Runnable task) {
    try {
      pool.execute(task);
    } catch (RejectedExecutionException e) {
      // the channel ended, and the call with it
    }
  }

  /** The call is over; {@code reset} tells the peer to stop it too. */
  void ended(ClientStream<?, ?> call, boolean reset) {
    FrameWriter.StreamWindow w;
    synchronized (opening) { // streams open under it: the call has a stream, or waits in line
      w = call.window;
      if (w == null) {
        waiting.removeIf(x -> x.call == call);
        return;
      }
    }
    if (streams.remove(w.id, call)) {
      openWaiting();
    }
    if (reset && ended == null) {
      try {
        writer.frame(Frames.RST_STREAM, 0, w.id, FrameWriter.intBytes(Frames.CANCEL), 0, 4);
      } catch (IOException e) {
        failed(e);
      }
    }
  }

  void windowUpdate(int stream, int increment) {
    try {
      writer.frame(Frames.WINDOW_UPDATE, 0, stream, FrameWriter.intBytes(increment), 0, 4);
    } catch (IOException e) {
      failed(e);
    }
  }

  void failed(IOException e) {
    end(Status.UNAVAILABLE.withDescription(why(e)).withCause(e), false);
  }

  String why(IOException e) {
    Status s;
    synchronized (opening) {
      s = ended != null ? ended : goingAway;
    }
    if (s != null) {
      return s.getDescription();
    }
    return "the connection to " + peer + " failed: " + e.getMessage();
  }

  synchronized ScheduledFuture<?> schedule(Runnable task, long nanos) {
    if (timers == null) {
      timers = CallThreads.deadlines(name);
    }
    return timers.schedule(task, nanos, TimeUnit.NANOSECONDS);
  }

  // ---- inside

  private void greet() throws IOException {
    writer.raw(Frames.PREFACE);
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    FrameWriter.setting(s, Frames.SETTINGS_ENABLE_PUSH, 0);
    FrameWriter.setting(s, Frames.SETTINGS_INITIAL_WINDOW_SIZE, STREAM_WINDOW);
    FrameWriter.setting(s, Frames.SETTINGS_MAX_HEADER_LIST_SIZE, FrameReader.MAX_HEADER_LIST);
    byte[] settings = s.toByteArray();
    writer.frame(Frames.SETTINGS, 0, 0, settings, 0, settings.length);
    writer.frame(
        Frames.WINDOW_UPDATE,
        0,
        0,
        FrameWriter.intBytes(CONNECTION_WINDOW - Frames.DEFAULT_WINDOW),
        0,
        4);
  }

  private void read() {
    try {
      reader.run(() -> ended != null);
      end(Status.UNAVAILABLE.withDescription("the connection to " + peer + " closed"), false);
    } catch (IOException | RuntimeException e) {
      end(
          Status.UNAVAILABLE
              .withDescription("the connection to " + peer + " failed: " + e.getMessage())
              .withCause(e),
          false);
    }
  }

  private void end(Status why, boolean goodbye) {
    List<Waiting> inLine;
    synchronized (opening) {
      if (ended != null) {
        return;
      }
      ended = why;
      inLine = new ArrayList<>(waiting);
      waiting.clear();
    }
    for (Waiting w : inLine) {
      w.call.connectionEnded(why);
    }
    for (ClientStream<?, ?> call : streams.values()) {
      call.connectionEnded(why);
    }
    streams.clear();
    if (goodbye) {
      try {
        writer.frame(Frames.GOAWAY, 0, 0, new byte[8], 0, 8);
      } catch (IOException e) {
        // going anyway
      }
    }
    writer.close();
    closeQuietly(in);
    closeQuietly(out);
    pool.shutdown();
    synchronized (this) {
      if (timers != null) {
        timers.shutdownNow();
      }
    }
  }

  /** What the reader hands on: answers to this end's streams. */
  private final class Answers implements FrameReader.Streams {
    @Override
    public void data(int stream, byte[] b, int off, int len, int padding, boolean endStream) {
      ClientStream<?, ?> call = streams.get(stream);
      if (call != null) {
        call.data(b, off, len, padding, endStream);
      }
    }

    @Override
    public void headers(int stream, List<byte[]> fields, boolean endStream) {
      ClientStream<?, ?> call = streams.get(stream);
      if (call != null) {
        call.headers(fields, endStream);
      }
    }

    @Override
    public void reset(int stream, int errorCode) {
      ClientStream<?, ?> call = streams.get(stream);
      if (call != null) {
        call.reset(errorCode);
      }
    }

    @Override
    public void windowUpdate(int stream, int increment) {
      if (stream == 0) {
        if (writer.openConnection(increment)) {
          streams.values().forEach(ClientStream::windowOpened);
        }
        return;
      }
      ClientStream<?, ?> call = streams.get(stream);
      if (call != null && call.window != null && writer.openStream(call.window, increment)) {
        call.windowOpened();
      }
    }

    @Override
    public void initialWindowChanged(long window) {
      // under the lock that opens streams: a stream opens with the old window and moves, or with
      // the new one
      synchronized (opening) {
        long delta = window - peerInitialWindow;
        peerInitialWindow = window;
        for (ClientStream<?, ?> call : streams.values()) {
          if (call.window != null && writer.openStream(call.window, delta)) {
            call.windowOpened();
          }
        }
      }
    }

    @Override
    public void settingsApplied() {
      synchronized (opening) {
        peerSettingsSeen = true;
      }
      openWaiting();
    }

    @Override
    public void setting(int id, long value) {
      if (id == Frames.SETTINGS_MAX_CONCURRENT_STREAMS) {
        synchronized (opening) {
          peerMaxStreams = value;
        }
      }
    }

    @Override
    public void goAway(int lastStream, int errorCode) {
      List<Waiting> inLine;
      Status why =
          Status.UNAVAILABLE.withDescription(peer + " is going away and takes no more calls");
      synchronized (opening) {
        goingAway = why;
        inLine = new ArrayList<>(waiting);
        waiting.clear();
      }
      for (Waiting w : inLine) {
        w.call.connectionEnded(why);
      }
      for (ClientStream<?, ?> call : streams.values()) {
        if (call.window != null && call.window.id > lastStream) {
          call.connectionEnded(
              Status.UNAVAILABLE.withDescription(
                  peer + " is going away and did not take the call"));
        }
      }
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closed either way
    }
  }
}
