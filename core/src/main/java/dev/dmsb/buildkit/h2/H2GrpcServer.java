package dev.dmsb.buildkit.h2;

import io.grpc.Metadata;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Serves gRPC services on one HTTP/2 connection whose peer is the client: the thread that calls
 * {@link #serve} reads every frame, answers settings and pings at once, and hands each stream to
 * its {@link StreamCall}; the services run on a pool of their own. The server advertises 1 MiB per
 * stream and 16 MiB for the connection, as grpc-netty does, and gives window back as the handlers
 * take messages, so a slow handler holds back only its own stream.
 */
public final class H2GrpcServer implements AutoCloseable {
  private static final int STREAM_WINDOW = 1 << 20;
  private static final int CONNECTION_WINDOW = 16 << 20;
  private static final int MAX_MESSAGE = 16 << 20;
  private static final int READ_BUFFER = 64 * 1024;
  private static final int WRITE_BUFFER = 64 * 1024;

  private final String name;
  private final Map<String, ServerMethodDefinition<?, ?>> methods = new HashMap<>();
  private final ConcurrentHashMap<Integer, StreamCall<?, ?>> streams = new ConcurrentHashMap<>();
  private final ThreadPoolExecutor pool;
  private volatile FrameWriter writer;
  private volatile boolean closed;
  private ScheduledThreadPoolExecutor deadlines; // guarded by this
  private InputStream in;
  private OutputStream out;
  // the reading thread's own (lastStreamId also read by close)
  private FrameReader reader;
  private long peerInitialWindow = Frames.DEFAULT_WINDOW;
  private int lastStreamId;

  /** Serves {@code services}; {@code name} goes into the names of the server's threads. */
  public H2GrpcServer(String name, List<ServerServiceDefinition> services) {
    this.name = name;
    for (ServerServiceDefinition s : services) {
      for (ServerMethodDefinition<?, ?> m : s.getMethods()) {
        methods.put(m.getMethodDescriptor().getFullMethodName(), m);
      }
    }
    this.pool = CallThreads.pool(name);
  }

  /**
   * Serves the connection on this thread until the peer closes it or {@link #close()} is called
   * (then it returns) or it fails (then it throws). The peer speaks first, with HTTP/2's preface.
   */
  public void serve(InputStream input, OutputStream output) throws IOException {
    FrameWriter w = new FrameWriter(new java.io.BufferedOutputStream(output, WRITE_BUFFER), name);
    synchronized (this) {
      this.in = input;
      this.out = output;
      this.writer = w;
      if (closed) {
        w.close();
        return;
      }
    }
    try {
      greet(w);
      DataInputStream frames = new DataInputStream(new BufferedInputStream(input, READ_BUFFER));
      preface(frames);
      reader = new FrameReader(frames, w, new Requests(), CONNECTION_WINDOW);
      reader.run(() -> closed);
    } catch (IOException e) {
      if (!closed) {
        throw e;
      }
    } finally {
      endAll();
      w.close();
      pool.shutdown();
      stopDeadlines();
    }
  }

  /** Bytes written to the connection so far. */
  public long bytesSent() {
    FrameWriter w = writer;
    return w == null ? 0 : w.bytesSent();
  }

  /** Cancels every call, says goodbye to the peer, and closes the connection's two streams. */
  @Override
  public void close() {
    FrameWriter w;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      w = writer;
    }
    endAll();
    if (w != null) {
      try {
        byte[] goaway = new byte[8];
        int last = lastStreamIdSeen();
        goaway[0] = (byte) (last >>> 24);
        goaway[1] = (byte) (last >>> 16);
        goaway[2] = (byte) (last >>> 8);
        goaway[3] = (byte) last;
        w.frame(Frames.GOAWAY, 0, 0, goaway, 0, goaway.length);
      } catch (IOException e) {
        // the connection is going anyway
      }
      w.close();
    }
    closeQuietly(in);
    closeQuietly(out);
    pool.shutdown();
    stopDeadlines();
  }

  private synchronized void stopDeadlines() {
    if (deadlines != null) {
      deadlines.shutdownNow();
    }
  }

  // ---- for the calls

  SerialTasks tasks() {
    return new SerialTasks(pool);
  }

  /** The thread that runs out calls' deadlines, started with the first one. */
  synchronized ScheduledExecutorService deadlines() {
    if (deadlines == null) {
      deadlines = CallThreads.deadlines(name);
    }
    return deadlines;
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
    FrameWriter w = writer;
    if (w != null) {
      w.wakeSenders();
    }
  }

  /** Writing failed: the connection is broken, so every call ends. */
  void failed(IOException e) {
    close();
  }

  /** A call sent its last frame; {@code reset} stops what the peer would still send on it. */
  void ended(StreamCall<?, ?> call, boolean reset) {
    ended(call, reset, Frames.NO_ERROR);
  }

  /** As {@link #ended(StreamCall, boolean)}, resetting with {@code code}. */
  void ended(StreamCall<?, ?> call, boolean reset, int code) {
    streams.remove(call.id(), call);
    if (reset) {
      try {
        writer.frame(Frames.RST_STREAM, 0, call.id(), FrameWriter.intBytes(code), 0, 4);
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

  // ---- reading

  private void greet(FrameWriter w) throws IOException {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    FrameWriter.setting(s, Frames.SETTINGS_MAX_CONCURRENT_STREAMS, 1000);
    FrameWriter.setting(s, Frames.SETTINGS_INITIAL_WINDOW_SIZE, STREAM_WINDOW);
    FrameWriter.setting(s, Frames.SETTINGS_MAX_HEADER_LIST_SIZE, FrameReader.MAX_HEADER_LIST);
    byte[] settings = s.toByteArray();
    w.frame(Frames.SETTINGS, 0, 0, settings, 0, settings.length);
    w.frame(
        Frames.WINDOW_UPDATE,
        0,
        0,
        FrameWriter.intBytes(CONNECTION_WINDOW - Frames.DEFAULT_WINDOW),
        0,
        4);
  }

  private static void preface(DataInputStream frames) throws IOException {
    byte[] got = new byte[Frames.PREFACE.length];
    frames.readFully(got);
    if (!Arrays.equals(got, Frames.PREFACE)) {
      throw new IOException("the peer did not start with HTTP/2's connection preface");
    }
  }

  /** What the reader hands on: requests open streams, the rest reaches their calls. */
  private final class Requests implements FrameReader.Streams {
    @Override
    public void data(int stream, byte[] b, int off, int len, int padding, boolean endStream) {
      StreamCall<?, ?> call = streams.get(stream);
      if (call != null && !call.data(b, off, len, padding, endStream)) {
        streams.remove(stream, call);
      }
    }

    @Override
    public void headers(int stream, List<byte[]> fields, boolean endStream) throws IOException {
      StreamCall<?, ?> existing = streams.get(stream);
      if (existing != null) {
        // the request's trailers: only their end matters
        if (endStream) {
          existing.data(new byte[0], 0, 0, 0, true);
        }
        return;
      }
      if (stream <= lastStreamId || (stream & 1) == 0) {
        return; // a stream that ended already
      }
      synchronized (H2GrpcServer.this) {
        lastStreamId = stream;
      }
      String path = null;
      for (int i = 0; i < fields.size(); i += 2) {
        if (Arrays.equals(fields.get(i), PATH)) {
          path = new String(fields.get(i + 1), StandardCharsets.UTF_8);
        }
      }
      ServerMethodDefinition<?, ?> method =
          path != null && path.startsWith("/") ? methods.get(path.substring(1)) : null;
      if (method == null || closed) {
        Status status =
            closed
                ? Status.UNAVAILABLE.withDescription("the session is closing")
                : Status.UNIMPLEMENTED.withDescription(
                    "Method not found: " + (path == null ? "" : path.substring(1)));
        writer.headers(stream, HeaderBlock.trailers(status, null, true), true);
        if (!endStream) {
          writer.frame(Frames.RST_STREAM, 0, stream, FrameWriter.intBytes(Frames.NO_ERROR), 0, 4);
        }
        return;
      }
      start(stream, method, fields, endStream);
    }

    @Override
    public void reset(int stream, int errorCode) {
      StreamCall<?, ?> call = streams.remove(stream);
      if (call != null) {
        call.cancel();
      }
    }

    @Override
    public void windowUpdate(int stream, int increment) {
      if (stream == 0) {
        if (writer.openConnection(increment)) {
          streams.values().forEach(StreamCall::windowOpened);
        }
        return;
      }
      StreamCall<?, ?> call = streams.get(stream);
      if (call != null && writer.openStream(call.window, increment)) {
        call.windowOpened();
      }
    }

    @Override
    public void initialWindowChanged(long window) {
      // streams start on this thread only: no stream can miss the change
      long delta = window - peerInitialWindow;
      peerInitialWindow = window;
      for (StreamCall<?, ?> call : streams.values()) {
        if (writer.openStream(call.window, delta)) {
          call.windowOpened();
        }
      }
    }

    @Override
    public void goAway(int lastStream, int errorCode) {
      // the peer finishes its streams and closes the connection
    }
  }

  private <Q, R> void start(
      int stream, ServerMethodDefinition<Q, R> method, List<byte[]> fields, boolean endStream) {
    Metadata headers = HeaderBlock.metadata(fields);
    StreamCall<Q, R> call =
        new StreamCall<>(
            this,
            stream,
            peerInitialWindow,
            method.getMethodDescriptor(),
            HeaderBlock.timeoutNanos(fields));
    streams.put(stream, call);
    call.start(method.getServerCallHandler(), headers);
    if (endStream) {
      call.data(new byte[0], 0, 0, 0, true);
    }
  }

  private void endAll() {
    for (StreamCall<?, ?> call : streams.values()) {
      call.cancel();
    }
    streams.clear();
  }

  private synchronized int lastStreamIdSeen() {
    return lastStreamId;
  }

  private static final byte[] PATH = ":path".getBytes(StandardCharsets.US_ASCII);

  private static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      // closed either way
    }
  }
}
