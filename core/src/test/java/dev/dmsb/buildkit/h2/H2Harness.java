package dev.dmsb.buildkit.h2;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The test bed for {@link H2GrpcServer}: a loopback socket whose accepted end {@code serve()} runs
 * on (on a thread of the harness), grpc-java's Netty client on the other end, and a tap on the
 * server's two streams that parses the HTTP/2 frames each way, so that a test can check what went
 * over the wire (CONTINUATION frames, WINDOW_UPDATEs, PING acks, the encoded grpc-message) and
 * count the bytes the client's socket was given.
 */
final class H2Harness implements AutoCloseable {
  static final long TIMEOUT_S = 30;
  static final String SERVICE = "dmsb.test.Echo";

  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  static final MethodDescriptor<byte[], byte[]> UNARY =
      method("Unary", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> BIDI =
      method("Bidi", MethodDescriptor.MethodType.BIDI_STREAMING);
  static final MethodDescriptor<byte[], byte[]> SERVER_STREAM =
      method("ServerStream", MethodDescriptor.MethodType.SERVER_STREAMING);
  static final MethodDescriptor<byte[], byte[]> CLIENT_STREAM =
      method("ClientStream", MethodDescriptor.MethodType.CLIENT_STREAMING);

  static MethodDescriptor<byte[], byte[]> method(String name, MethodDescriptor.MethodType type) {
    return method(SERVICE, name, type);
  }

  static MethodDescriptor<byte[], byte[]> method(
      String service, String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  /** A service of the given methods and handlers (pairs). */
  @SuppressWarnings("unchecked")
  static ServerServiceDefinition service(Object... methodsAndHandlers) {
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(SERVICE);
    for (int i = 0; i < methodsAndHandlers.length; i += 2) {
      b.addMethod(
          (MethodDescriptor<byte[], byte[]>) methodsAndHandlers[i],
          (ServerCallHandler<byte[], byte[]>) methodsAndHandlers[i + 1]);
    }
    return b.build();
  }

  final H2GrpcServer server;
  final ServerSocket listener;
  final FrameTap toServer = new FrameTap("client->server", true);
  final FrameTap toClient = new FrameTap("server->client", false);

  /** Completes when serve() returns (normally or by throwing). */
  final CompletableFuture<Void> served = new CompletableFuture<>();

  final ManagedChannel channel;
  private final Thread serveThread;
  private volatile Socket accepted;

  H2Harness(List<ServerServiceDefinition> services) throws IOException {
    this(services, 0, b -> {});
  }

  /**
   * @param preRead how many of the client's first bytes the harness reads itself before serve(),
   *     handing them in at the start of {@code in} (as the session does with what came after the
   *     101)
   */
  H2Harness(
      List<ServerServiceDefinition> services, int preRead, Consumer<NettyChannelBuilder> client)
      throws IOException {
    this(services, preRead, client, Integer.MAX_VALUE);
  }

  /**
   * @param maxRead the most bytes one read() on serve()'s {@code in} returns (a trickle)
   */
  H2Harness(
      List<ServerServiceDefinition> services,
      int preRead,
      Consumer<NettyChannelBuilder> client,
      int maxRead)
      throws IOException {
    server = new H2GrpcServer("h2test", services);
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    serveThread =
        new Thread(
            () -> {
              try (Socket s = listener.accept()) {
                accepted = s;
                s.setTcpNoDelay(true);
                InputStream raw = s.getInputStream();
                byte[] pre = raw.readNBytes(preRead);
                InputStream in =
                    new TapIn(
                        new SequenceInputStream(new ByteArrayInputStream(pre), raw),
                        toServer,
                        maxRead);
                OutputStream out = new TapOut(s.getOutputStream(), toClient);
                server.serve(in, out);
                served.complete(null);
              } catch (Throwable t) {
                served.completeExceptionally(t);
              }
            },
            "h2test-serve");
    serveThread.setDaemon(true);
    serveThread.start();
    NettyChannelBuilder b =
        NettyChannelBuilder.forAddress("127.0.0.1", listener.getLocalPort())
            .usePlaintext()
            .maxInboundMessageSize(64 * 1024 * 1024);
    client.accept(b);
    channel = b.build();
  }

  /** Call options with a deadline, so that a lost call ends in DEADLINE_EXCEEDED, not a hang. */
  static CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(2 * TIMEOUT_S, TimeUnit.SECONDS);
  }

  /** Waits for serve() to return normally; fails if it threw or did not return. */
  void awaitServedNormally() throws Exception {
    served.get(TIMEOUT_S, TimeUnit.SECONDS);
  }

  Socket acceptedSocket() {
    return accepted;
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow();
    channel.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS);
    server.close();
    try {
      served.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the test that cares checks served itself
    } finally {
      Socket s = accepted;
      if (s != null) {
        s.close();
      }
      listener.close();
      serveThread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
    }
    assertThat(serveThread.isAlive()).as("serve() still running after close()").isFalse();
  }

  // ---------------------------------------------------------------- client side helpers

  /** Records what a client call receives; requests automatically unless told otherwise. */
  static final class Recorder extends ClientCall.Listener<byte[]> {
    final CompletableFuture<Metadata> headers = new CompletableFuture<>();
    final LinkedBlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> status = new CompletableFuture<>();
    volatile Metadata trailers;
    final AtomicLong received = new AtomicLong();
    private final boolean autoRequest;
    volatile ClientCall<byte[], byte[]> call;
    volatile Consumer<byte[]> onMessage = m -> {};

    Recorder(boolean autoRequest) {
      this.autoRequest = autoRequest;
    }

    @Override
    public void onHeaders(Metadata h) {
      headers.complete(h);
    }

    @Override
    public void onMessage(byte[] message) {
      messages.add(message);
      received.incrementAndGet();
      onMessage.accept(message);
      if (autoRequest) {
        call.request(1);
      }
    }

    @Override
    public void onClose(Status s, Metadata t) {
      trailers = t;
      status.complete(s);
    }

    byte[] take() throws InterruptedException {
      byte[] m = messages.poll(TIMEOUT_S, TimeUnit.SECONDS);
      assertThat(m).as("a message within %d s", TIMEOUT_S).isNotNull();
      return m;
    }

    Status awaitStatus() throws Exception {
      return status.get(2 * TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  /**
   * Starts a call whose listener is {@code r}; requests one message if r requests automatically.
   */
  ClientCall<byte[], byte[]> start(MethodDescriptor<byte[], byte[]> m, Recorder r, Metadata md) {
    ClientCall<byte[], byte[]> call = channel.newCall(m, options());
    r.call = call;
    call.start(r, md);
    if (r.autoRequest) {
      call.request(1);
    }
    return call;
  }

  ClientCall<byte[], byte[]> start(MethodDescriptor<byte[], byte[]> m, Recorder r) {
    return start(m, r, new Metadata());
  }

  // ---------------------------------------------------------------- data helpers

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    int i = 0;
    while (i + 8 <= n) {
      long v = r.nextLong();
      for (int k = 0; k < 8; k++) {
        b[i++] = (byte) (v >>> (8 * k));
      }
    }
    while (i < n) {
      b[i++] = (byte) r.nextInt();
    }
    return b;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static String sha(byte[] b) {
    return hex(sha256().digest(b));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- the tap

  static final class TapIn extends FilterInputStream {
    private final FrameTap tap;

    private final int maxRead;

    TapIn(InputStream in, FrameTap tap, int maxRead) {
      super(in);
      this.tap = tap;
      this.maxRead = maxRead;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        tap.feed(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, Math.min(len, maxRead));
      if (n > 0) {
        tap.feed(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) {
      throw new UnsupportedOperationException("the tap does not skip");
    }
  }

  static final class TapOut extends FilterOutputStream {
    private final FrameTap tap;

    TapOut(OutputStream out, FrameTap tap) {
      super(out);
      this.tap = tap;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      out.write(b);
      tap.feed(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      tap.feed(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      // the harness closes the socket
      flush();
    }
  }

  /** Parses one direction's HTTP/2 frames as the bytes pass. Never throws into the stream. */
  static final class FrameTap {
    static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PING = 6, GOAWAY = 7;
    static final int WINDOW_UPDATE = 8, CONTINUATION = 9;
    static final byte[] PREFACE =
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    record Frame(int type, int flags, int stream, int length, byte[] payload) {
      long payloadLong() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
          v = (v << 8) | (payload[i] & 0xff);
        }
        return v;
      }

      int payloadInt() {
        return ((payload[0] & 0x7f) << 24)
            | ((payload[1] & 0xff) << 16)
            | ((payload[2] & 0xff) << 8)
            | (payload[3] & 0xff);
      }

      boolean ack() {
        return (flags & 1) != 0;
      }
    }

    /** A decoded header block, with the raw bytes of its HPACK form. */
    record Block(int stream, Http2Headers headers, byte[] raw, int frames) {}

    final String name;
    private int prefaceLeft;
    private final byte[] head = new byte[9];
    private int headN;
    private int length, type, flags, stream, pos;
    private byte[] payload;
    private final List<Frame> frames = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private ByteArrayOutputStream block;
    private int blockStream, blockFrames;
    private final DefaultHttp2HeadersDecoder decoder =
        new DefaultHttp2HeadersDecoder(false, 1 << 24);
    private long bytes;
    private long dataBytes;
    private final java.util.Map<Integer, Long> streamData = new java.util.HashMap<>();
    private final java.util.Map<Integer, Long> settings = new java.util.HashMap<>();
    private Throwable error;
    private final boolean clientSide;

    private final boolean keepData;
    private final java.util.Map<Integer, ByteArrayOutputStream> data = new java.util.HashMap<>();

    FrameTap(String name, boolean preface) {
      this(name, preface, false);
    }

    /** {@code keepData}: keeps the DATA frames' payloads, per stream (for a raw client). */
    FrameTap(String name, boolean preface, boolean keepData) {
      this.name = name;
      this.keepData = keepData;
      this.clientSide = preface;
      this.prefaceLeft = preface ? PREFACE.length : 0;
    }

    synchronized void feed(byte[] b, int off, int len) {
      try {
        bytes += len;
        parse(b, off, len);
      } catch (Throwable t) {
        if (error == null) {
          error = t;
        }
      }
      notifyAll();
    }

    private void parse(byte[] b, int off, int len) {
      while (len > 0 && error == null) {
        if (prefaceLeft > 0) {
          int at = PREFACE.length - prefaceLeft;
          if (b[off] != PREFACE[at]) {
            throw new IllegalStateException(name + ": not the HTTP/2 preface at byte " + at);
          }
          prefaceLeft--;
          off++;
          len--;
          continue;
        }
        if (headN < 9) {
          int n = Math.min(9 - headN, len);
          System.arraycopy(b, off, head, headN, n);
          headN += n;
          off += n;
          len -= n;
          if (headN == 9) {
            length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
            type = head[3] & 0xff;
            flags = head[4] & 0xff;
            stream =
                ((head[5] & 0x7f) << 24)
                    | ((head[6] & 0xff) << 16)
                    | ((head[7] & 0xff) << 8)
                    | (head[8] & 0xff);
            payload = type == DATA && !keepData ? null : new byte[length];
            pos = 0;
            if (length == 0) {
              finish();
            }
          }
          continue;
        }
        int n = Math.min(length - pos, len);
        if (payload != null) {
          System.arraycopy(b, off, payload, pos, n);
        }
        pos += n;
        off += n;
        len -= n;
        if (pos == length) {
          finish();
        }
      }
    }

    private void finish() {
      headN = 0;
      if (frames.isEmpty() && type != SETTINGS) {
        violations.add(name + ": the first frame is of type " + type + ", not SETTINGS");
      }
      if (prefaceLeft == 0 && !clientSide && length > 16384) {
        violations.add(name + ": a frame of " + length + " bytes (type " + type + ")");
      }
      if (type == DATA) {
        dataBytes += length;
        streamData.merge(stream, (long) length, Long::sum);
        if (keepData) {
          int start = 0;
          int end = length;
          if ((flags & 0x8) != 0) {
            end -= payload[0] & 0xff;
            start = 1;
          }
          data.computeIfAbsent(stream, k -> new ByteArrayOutputStream())
              .write(payload, start, end - start);
        }
      }
      if (type == SETTINGS && (flags & 1) == 0) {
        for (int i = 0; i + 6 <= length; i += 6) {
          int id = ((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff);
          long v =
              ((long) (payload[i + 2] & 0xff) << 24)
                  | ((payload[i + 3] & 0xff) << 16)
                  | ((payload[i + 4] & 0xff) << 8)
                  | (payload[i + 5] & 0xff);
          settings.put(id, v);
        }
      }
      frames.add(new Frame(type, flags, stream, length, payload));
      if (block != null && type != CONTINUATION) {
        violations.add(name + ": a frame of type " + type + " inside a header block");
      }
      if (type == HEADERS) {
        int start = 0;
        int end = length;
        if ((flags & 0x8) != 0) {
          end -= payload[0] & 0xff;
          start = 1;
        }
        if ((flags & 0x20) != 0) {
          start += 5;
        }
        block = new ByteArrayOutputStream();
        block.write(payload, start, end - start);
        blockStream = stream;
        blockFrames = 1;
      } else if (type == CONTINUATION) {
        if (block == null || stream != blockStream) {
          violations.add(name + ": a CONTINUATION frame outside a header block");
          return;
        }
        block.write(payload, 0, length);
        blockFrames++;
      } else {
        return;
      }
      if ((flags & 0x4) != 0) {
        byte[] raw = block.toByteArray();
        block = null;
        try {
          Http2Headers h = decoder.decodeHeaders(blockStream, Unpooled.wrappedBuffer(raw));
          blocks.add(new Block(blockStream, h, raw, blockFrames));
        } catch (Exception e) {
          violations.add(name + ": a header block does not decode: " + e);
        }
      }
    }

    /** Waits until {@code p} holds (checked as frames pass), at most the harness's timeout. */
    synchronized boolean await(Predicate<FrameTap> p) throws InterruptedException {
      return await(p, TIMEOUT_S);
    }

    synchronized boolean await(Predicate<FrameTap> p, long seconds) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (!p.test(this)) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }

    synchronized List<Frame> frames(int type) {
      return frames.stream().filter(f -> f.type == type).toList();
    }

    synchronized List<Block> blocks() {
      return List.copyOf(blocks);
    }

    synchronized List<String> problems() {
      List<String> p = new ArrayList<>(violations);
      if (error != null) {
        p.add(name + ": " + error);
      }
      return p;
    }

    synchronized long bytes() {
      return bytes;
    }

    synchronized long dataBytes() {
      return dataBytes;
    }

    /** What DATA frames carried on a stream, without padding (only with keepData). */
    synchronized byte[] data(int stream) {
      ByteArrayOutputStream b = data.get(stream);
      return b == null ? new byte[0] : b.toByteArray();
    }

    synchronized long dataBytes(int stream) {
      return streamData.getOrDefault(stream, 0L);
    }

    /** The last value of a SETTINGS parameter this side sent, or {@code dflt}. */
    synchronized long setting(int id, long dflt) {
      return settings.getOrDefault(id, dflt);
    }

    /** The stream of the last header block whose :path ends with {@code pathEnd}, or -1. */
    synchronized int lastStream(String pathEnd) {
      for (int i = blocks.size() - 1; i >= 0; i--) {
        CharSequence p = blocks.get(i).headers().path();
        if (p != null && p.toString().endsWith(pathEnd)) {
          return blocks.get(i).stream();
        }
      }
      return -1;
    }
  }
}
