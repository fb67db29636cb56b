package dev.dmsb.buildkit.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link H2GrpcChannel} against grpc-java's Netty server, so that the two implementations check
 * each other. With the environment variable {@code H2CLIENT_REFERENCE=netty} the same tests run on
 * grpc-netty's own client instead (the parts about {@link H2GrpcChannel} alone are skipped): what
 * passes there and fails here is this channel's, not the test's. H2CLIENT_TRACE=1 prints the frames
 * H2GrpcChannel sends and reads; H2CLIENT_NODELAY=1 sets TCP_NODELAY on its socket (the brief's
 * harness leaves Nagle on, as a plain {@code new Socket} does; grpc-netty turns it off).
 */
class H2GrpcChannelTest {
  private static final boolean REFERENCE = "netty".equals(System.getenv("H2CLIENT_REFERENCE"));
  private static final long WAIT = 30;
  private static final boolean TRACE = System.getenv("H2CLIENT_TRACE") != null;
  private static final String SERVICE = "test.T";

  // ---- marshallers: plain streams, and KnownLength ones (as protobuf's marshaller gives)

  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream in) {
          try {
            return in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  static final class Known extends ByteArrayInputStream implements KnownLength {
    Known(byte[] b) {
      super(b);
    }
  }

  static final MethodDescriptor.Marshaller<byte[]> KNOWN =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new Known(value);
        }

        @Override
        public byte[] parse(InputStream in) {
          return BYTES.parse(in);
        }
      };

  static MethodDescriptor<byte[], byte[]> method(
      String name, MethodType type, MethodDescriptor.Marshaller<byte[]> m) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(m)
        .setResponseMarshaller(m)
        .build();
  }

  static final MethodDescriptor<byte[], byte[]> ECHO = method("Echo", MethodType.UNARY, BYTES);
  static final MethodDescriptor<byte[], byte[]> DIGEST = method("Digest", MethodType.UNARY, KNOWN);
  static final MethodDescriptor<byte[], byte[]> HANG = method("Hang", MethodType.UNARY, BYTES);
  static final MethodDescriptor<byte[], byte[]> MANY =
      method("Many", MethodType.SERVER_STREAMING, BYTES);
  static final MethodDescriptor<byte[], byte[]> BIG =
      method("Big", MethodType.SERVER_STREAMING, KNOWN);
  static final MethodDescriptor<byte[], byte[]> COLLECT =
      method("Collect", MethodType.CLIENT_STREAMING, KNOWN);
  static final MethodDescriptor<byte[], byte[]> SLOW =
      method("Slow", MethodType.CLIENT_STREAMING, KNOWN);
  static final MethodDescriptor<byte[], byte[]> CHAT =
      method("Chat", MethodType.BIDI_STREAMING, KNOWN);
  static final MethodDescriptor<byte[], byte[]> POLITE =
      method("Polite", MethodType.BIDI_STREAMING, KNOWN);
  static final MethodDescriptor<byte[], byte[]> META = method("Meta", MethodType.UNARY, BYTES);
  static final MethodDescriptor<byte[], byte[]> META_FAIL =
      method("MetaFail", MethodType.UNARY, BYTES);
  static final MethodDescriptor<byte[], byte[]> NOPE = method("Nope", MethodType.UNARY, BYTES);
  static final MethodDescriptor<byte[], byte[]> HELD = method("Held", MethodType.UNARY, BYTES);

  // ---- keys

  static final Metadata.Key<String> RESP =
      Metadata.Key.of("x-resp", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<byte[]> RESP_BIN =
      Metadata.Key.of("x-resp-bin", Metadata.BINARY_BYTE_MARSHALLER);
  static final Metadata.Key<String> RESP_BIG =
      Metadata.Key.of("x-resp-big", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> TRAIL =
      Metadata.Key.of("x-trail", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<byte[]> TRAIL_BIN =
      Metadata.Key.of("x-trail-bin", Metadata.BINARY_BYTE_MARSHALLER);

  // ---- what the server saw

  private final AtomicReference<Metadata> serverHeaders = new AtomicReference<>();
  private final AtomicReference<String> serverAuthority = new AtomicReference<>();
  private final CountDownLatch hangStarted = new CountDownLatch(1);
  private final CountDownLatch hangCancelled = new CountDownLatch(1);
  private final AtomicReference<Deadline> hangDeadline = new AtomicReference<>();
  private final AtomicReference<Throwable> hangCause = new AtomicReference<>();
  private final CountDownLatch bigCancelled = new CountDownLatch(1);
  private final CountDownLatch slowFirst = new CountDownLatch(1);
  private final CountDownLatch slowGate = new CountDownLatch(1);
  private final AtomicInteger slowReceived = new AtomicInteger();
  private final CountDownLatch connectionClosed = new CountDownLatch(1);
  private final CountDownLatch heldArrived = new CountDownLatch(4);
  private final CountDownLatch firstHeldArrived = new CountDownLatch(1);
  private final CountDownLatch heldGate = new CountDownLatch(1);

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private Server server;
  private Socket socket;
  private H2GrpcChannel h2;
  private ManagedChannel reference;
  private Channel channel;
  private boolean viaRelay;
  private SentFrames sent;
  private Relay relay;

  @AfterEach
  void tearDown() throws Exception {
    if (h2 != null) {
      h2.close();
    }
    if (reference != null) {
      reference.shutdownNow().awaitTermination(WAIT, TimeUnit.SECONDS);
    }
    if (socket != null) {
      socket.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(WAIT, TimeUnit.SECONDS);
    }
    threads.shutdownNow();
  }

  // ---- harness

  private void start() throws IOException {
    start(b -> b, in -> in);
  }

  private void start(UnaryOperator<NettyServerBuilder> tune) throws IOException {
    start(tune, in -> in);
  }

  private void start(UnaryOperator<NettyServerBuilder> tune, UnaryOperator<InputStream> spy)
      throws IOException {
    ServerInterceptor capture =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            serverHeaders.set(headers);
            serverAuthority.set(call.getAuthority());
            return next.startCall(call, headers);
          }
        };
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(ServerInterceptors.intercept(services(), capture))
            .maxInboundMessageSize(64 << 20)
            .maxInboundMetadataSize(1 << 20)
            .addTransportFilter(
                new ServerTransportFilter() {
                  @Override
                  public void transportTerminated(Attributes transportAttrs) {
                    connectionClosed.countDown();
                  }
                });
    server = tune.apply(b).build().start();
    int port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    if (viaRelay) {
      relay = new Relay(port, threads);
      port = relay.port();
    }
    if (REFERENCE) {
      reference =
          NettyChannelBuilder.forAddress("127.0.0.1", port)
              .usePlaintext()
              .overrideAuthority("localhost")
              .disableRetry()
              .maxInboundMessageSize(16 << 20)
              .maxInboundMetadataSize(1 << 20)
              .build();
      channel = reference;
    } else {
      socket = new Socket("127.0.0.1", port);
      if (System.getenv("H2CLIENT_NODELAY") != null) {
        socket.setTcpNoDelay(true);
      }
      h2 =
          H2GrpcChannel.open(
              "test",
              "the test server",
              "localhost",
              spy.apply(TRACE ? new FrameSpy(socket.getInputStream()) : socket.getInputStream()),
              sent = new SentFrames(socket.getOutputStream()));
      channel = h2;
    }
  }

  private ServerServiceDefinition services() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(
            ECHO,
            ServerCalls.asyncUnaryCall(
                (req, obs) -> {
                  String s = new String(req, StandardCharsets.UTF_8);
                  if (s.startsWith("fail:")) {
                    obs.onError(
                        Status.INVALID_ARGUMENT
                            .withDescription(s.substring("fail:".length()))
                            .asRuntimeException());
                    return;
                  }
                  obs.onNext(req);
                  obs.onCompleted();
                }))
        .addMethod(
            DIGEST,
            ServerCalls.asyncUnaryCall(
                (req, obs) -> {
                  obs.onNext(sha256(req));
                  obs.onCompleted();
                }))
        .addMethod(
            HANG,
            ServerCalls.asyncUnaryCall(
                (req, obs) -> {
                  Context ctx = Context.current();
                  hangDeadline.set(ctx.getDeadline());
                  ctx.addListener(
                      c -> {
                        hangCause.set(c.cancellationCause());
                        hangCancelled.countDown();
                      },
                      Runnable::run);
                  hangStarted.countDown();
                }))
        .addMethod(
            MANY,
            ServerCalls.asyncServerStreamingCall(
                (req, obs) -> {
                  int n = ByteBuffer.wrap(req).getInt();
                  for (int i = 0; i < Math.abs(n); i++) {
                    obs.onNext(numbered(i));
                  }
                  if (n < 0) {
                    obs.onError(
                        Status.DATA_LOSS.withDescription("after " + -n).asRuntimeException());
                  } else {
                    obs.onCompleted();
                  }
                }))
        .addMethod(
            BIG,
            ServerCalls.asyncServerStreamingCall(
                (req, obs) -> {
                  ByteBuffer r = ByteBuffer.wrap(req);
                  int n = r.getInt();
                  int size = r.getInt();
                  ServerCallStreamObserver<byte[]> s = (ServerCallStreamObserver<byte[]>) obs;
                  s.setOnCancelHandler(bigCancelled::countDown);
                  for (int i = 0; i < n && !s.isCancelled(); i++) {
                    obs.onNext(random(i, size));
                  }
                  if (!s.isCancelled()) {
                    obs.onCompleted();
                  }
                }))
        .addMethod(
            COLLECT,
            ServerCalls.<byte[], byte[]>asyncClientStreamingCall(
                (StreamObserver<byte[]> obs) ->
                    new StreamObserver<byte[]>() {
                      final Collector c = new Collector();

                      @Override
                      public void onNext(byte[] m) {
                        c.add(m);
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {
                        obs.onNext(c.result());
                        obs.onCompleted();
                      }
                    }))
        .addMethod(SLOW, this::slow)
        .addMethod(
            CHAT,
            ServerCalls.<byte[], byte[]>asyncBidiStreamingCall(
                (StreamObserver<byte[]> obs) ->
                    new StreamObserver<byte[]>() {
                      @Override
                      public void onNext(byte[] m) {
                        obs.onNext(m);
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {
                        obs.onCompleted();
                      }
                    }))
        .addMethod(POLITE, this::polite)
        .addMethod(
            HELD,
            ServerCalls.asyncUnaryCall(
                (req, obs) -> {
                  heldArrived.countDown();
                  firstHeldArrived.countDown();
                  threads.execute(
                      () -> {
                        await(heldGate);
                        obs.onNext(req);
                        obs.onCompleted();
                      });
                }))
        .addMethod(META, (call, headers) -> meta(call, false))
        .addMethod(META_FAIL, (call, headers) -> meta(call, true))
        .build();
  }

  /** Reads one message at a time, and none past the first until the test opens the gate. */
  private ServerCall.Listener<byte[]> slow(ServerCall<byte[], byte[]> call, Metadata headers) {
    call.request(1);
    return new ServerCall.Listener<>() {
      final Collector c = new Collector();

      @Override
      public void onMessage(byte[] m) {
        c.add(m);
        slowReceived.incrementAndGet();
        slowFirst.countDown();
        if (slowGate.getCount() == 0) {
          call.request(1);
        } else {
          threads.execute(
              () -> {
                await(slowGate);
                call.request(1);
              });
        }
      }

      @Override
      public void onHalfClose() {
        call.sendHeaders(new Metadata());
        call.sendMessage(c.result());
        call.close(Status.OK, new Metadata());
      }
    };
  }

  /**
   * An echo that keeps grpc's flow control by hand, as grpc-java's ManualFlowControlServer does: it
   * asks for the next message only while it can send.
   */
  private ServerCall.Listener<byte[]> polite(ServerCall<byte[], byte[]> call, Metadata headers) {
    call.sendHeaders(new Metadata());
    call.request(1);
    AtomicBoolean waiting = new AtomicBoolean();
    return new ServerCall.Listener<>() {
      @Override
      public void onMessage(byte[] m) {
        call.sendMessage(m);
        if (call.isReady()) {
          call.request(1);
        } else {
          waiting.set(true);
        }
      }

      @Override
      public void onReady() {
        if (waiting.compareAndSet(true, false)) {
          call.request(1);
        }
      }

      @Override
      public void onHalfClose() {
        call.close(Status.OK, new Metadata());
      }
    };
  }

  private ServerCall.Listener<byte[]> meta(ServerCall<byte[], byte[]> call, boolean fail) {
    call.request(1);
    return new ServerCall.Listener<>() {
      @Override
      public void onMessage(byte[] m) {
        Metadata trailers = new Metadata();
        trailers.put(TRAIL, "trail value");
        trailers.put(TRAIL_BIN, new byte[] {0, (byte) 0xff, 't'});
        trailers.put(TRAIL_BIN, new byte[] {1, 2, 3, 4, 5});
        if (fail) {
          call.close(Status.FAILED_PRECONDITION.withDescription("no: ü"), trailers);
          return;
        }
        Metadata h = new Metadata();
        h.put(RESP, "resp value");
        h.put(RESP_BIN, new byte[] {(byte) 0xfe, 0, 'r'});
        h.put(RESP_BIG, "r".repeat(20 * 1024));
        call.sendHeaders(h);
        call.sendMessage(m);
        call.close(Status.OK, trailers);
      }
    };
  }

  /** The count of messages, and a hash of each message's length and bytes, in order. */
  static final class Collector {
    private final MessageDigest d = sha();
    private int count;

    void add(byte[] m) {
      count++;
      d.update(ByteBuffer.allocate(4).putInt(m.length).array());
      d.update(m);
    }

    byte[] result() {
      return ByteBuffer.allocate(4 + 32).putInt(count).put(d.digest()).array();
    }
  }

  static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] sha256(byte[] b) {
    return sha().digest(b);
  }

  /** Message {@code i}: its number, then {@code i % 97} bytes (message 0 is 4 bytes). */
  static byte[] numbered(int i) {
    ByteBuffer b = ByteBuffer.allocate(4 + i % 97).putInt(i);
    while (b.hasRemaining()) {
      b.put((byte) (i * 31 + b.position()));
    }
    return b.array();
  }

  static byte[] random(int seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] ints(int... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length);
    for (int x : v) {
      b.putInt(x);
    }
    return b.array();
  }

  static void await(CountDownLatch l) {
    await(l, () -> "");
  }

  static void await(CountDownLatch l, java.util.function.Supplier<String> why) {
    try {
      if (!l.await(WAIT, TimeUnit.SECONDS)) {
        throw new AssertionError("waited " + WAIT + " s" + why.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private <T> T within(Callable<T> task) throws Exception {
    Future<T> f = threads.submit(task);
    try {
      return f.get(WAIT, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw e;
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError("no answer in " + WAIT + " s", e);
    }
  }

  /** The status a blocking call ends with (it must fail), waiting at most 30 s. */
  private Status failure(Callable<?> call) throws Exception {
    try {
      Object r = within(call);
      throw new AssertionError("the call succeeded: " + r);
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  /** H2GrpcChannel sent RST_STREAM for {@code stream} (and for no other). */
  private void resetSent(int stream) {
    if (!REFERENCE) {
      await(sent.resets);
      assertThat(sent.resetStreams).containsExactly(stream);
    }
  }

  private byte[] unary(MethodDescriptor<byte[], byte[]> m, byte[] req) throws Exception {
    return within(() -> ClientCalls.blockingUnaryCall(channel, m, CallOptions.DEFAULT, req));
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return get(f, () -> "");
  }

  static <T> T get(CompletableFuture<T> f, java.util.function.Supplier<String> why)
      throws Exception {
    try {
      return f.get(WAIT, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer in " + WAIT + " s" + why.get(), e);
    }
  }

  /** A response observer that completes a future with all the messages. */
  static final class Gather implements StreamObserver<byte[]> {
    final List<byte[]> messages = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<List<byte[]>> done = new CompletableFuture<>();
    final CountDownLatch first = new CountDownLatch(1);

    @Override
    public void onNext(byte[] m) {
      messages.add(m);
      first.countDown();
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      done.complete(messages);
    }
  }

  // ---- 1. unary

  @Test
  void unaryAnswersAndTheServersErrorArrivesIntact() throws Exception {
    start();
    byte[] hello = "hello, server".getBytes(StandardCharsets.UTF_8);
    assertThat(unary(ECHO, hello)).isEqualTo(hello);
    assertThat(unary(ECHO, new byte[0])).isEmpty();
    assertThat(serverAuthority.get()).isEqualTo("localhost");

    String why = "100% naïve — 日本語 ✓ 🚀 %41 %zz tab\there, end %";
    Status s = failure(() -> unary(ECHO, ("fail:" + why).getBytes(StandardCharsets.UTF_8)));
    assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(s.getDescription()).isEqualTo(why);
    // and the connection goes on
    assertThat(unary(ECHO, hello)).isEqualTo(hello);
    if (!REFERENCE) {
      assertThat(h2.bytesSent()).isGreaterThan(0);
      assertThat(h2.authority()).isEqualTo("localhost");
    }
  }

  // ---- 2.

  @Test
  void anUnknownMethodIsUnimplemented() throws Exception {
    start();
    Status s = failure(() -> unary(NOPE, new byte[] {1}));
    assertThat(s.getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(s.getDescription()).contains(SERVICE + "/Nope");
    MethodDescriptor<byte[], byte[]> otherService =
        ECHO.toBuilder().setFullMethodName("no.Such/Thing").build();
    assertThat(failure(() -> unary(otherService, new byte[] {1})).getCode())
        .isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(unary(ECHO, new byte[] {7})).containsExactly(7);
  }

  // ---- 3. streaming

  @Test
  void serverStreamingKeepsOrderAndCount() throws Exception {
    start();
    List<byte[]> got =
        within(
            () -> {
              List<byte[]> l = new ArrayList<>();
              Iterator<byte[]> it =
                  ClientCalls.blockingServerStreamingCall(
                      channel, MANY, CallOptions.DEFAULT, ints(2000));
              it.forEachRemaining(l::add);
              return l;
            });
    assertThat(got).hasSize(2000);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).as("message %d", i).isEqualTo(numbered(i));
    }
  }

  @Test
  void clientStreamingKeepsOrderAndCount() throws Exception {
    start();
    Gather g = new Gather();
    StreamObserver<byte[]> req =
        ClientCalls.asyncClientStreamingCall(channel.newCall(COLLECT, CallOptions.DEFAULT), g);
    Collector expected = new Collector();
    for (int i = 0; i < 2000; i++) {
      req.onNext(numbered(i));
      expected.add(numbered(i));
    }
    req.onCompleted();
    List<byte[]> answer = get(g.done);
    assertThat(answer).hasSize(1);
    assertThat(answer.get(0)).isEqualTo(expected.result());
  }

  @Test
  void bidiStreamingTwoThousandEachWay() throws Exception {
    start();
    Gather g = new Gather();
    StreamObserver<byte[]> req =
        ClientCalls.asyncBidiStreamingCall(channel.newCall(CHAT, CallOptions.DEFAULT), g);
    for (int i = 0; i < 2000; i++) {
      req.onNext(numbered(i));
    }
    req.onCompleted();
    List<byte[]> got = get(g.done);
    assertThat(got).hasSize(2000);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).as("message %d", i).isEqualTo(numbered(i));
    }
  }

  @Test
  void messagesThenAnErrorArriveInOrder() throws Exception {
    start();
    List<byte[]> got = new ArrayList<>();
    Status s =
        failure(
            () -> {
              ClientCalls.blockingServerStreamingCall(
                      channel, MANY, CallOptions.DEFAULT, ints(-300))
                  .forEachRemaining(got::add);
              return "no error";
            });
    assertThat(s.getCode()).isEqualTo(Status.Code.DATA_LOSS);
    assertThat(s.getDescription()).isEqualTo("after 300");
    assertThat(got).hasSize(300);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).as("message %d", i).isEqualTo(numbered(i));
    }
  }

  /**
   * Stream ids keep rising and every call's state goes. (No timing is asserted; for the record, on
   * a socket with Nagle on this takes about 20 ms a call, as each frame is flushed on its own.)
   */
  @Test
  void aThousandCallsOneAfterAnother() throws Exception {
    start();
    within(
        () -> {
          for (int i = 0; i < 1000; i++) {
            byte[] b = numbered(i);
            assertThat(ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, b))
                .isEqualTo(b);
          }
          return null;
        });
  }

  /** A listener that throws ends its call (CANCELLED, as grpc-java's do), not the channel. */
  @Test
  void aListenerThatThrowsEndsOnlyItsCall() throws Exception {
    start();
    ClientCall<byte[], byte[]> call = channel.newCall(MANY, CallOptions.DEFAULT);
    CompletableFuture<Status> closed = new CompletableFuture<>();
    AtomicInteger seen = new AtomicInteger();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(byte[] message) {
            seen.incrementAndGet();
            throw new IllegalStateException("the listener breaks");
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(1000);
    call.sendMessage(ints(1000));
    call.halfClose();
    Status s = get(closed);
    assertThat(s.getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(seen.get()).isEqualTo(1);
    assertThat(unary(ECHO, new byte[] {6})).containsExactly(6);
  }

  /**
   * The server allows 4 streams at once (SETTINGS_MAX_CONCURRENT_STREAMS): grpc-java's clients wait
   * for a free stream rather than open a fifth, which the server would refuse.
   */
  @Test
  void theServersLimitOnConcurrentStreamsIsKept() throws Exception {
    start(b -> b.maxConcurrentCallsPerConnection(4));
    List<Future<byte[]>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      // started here, one after another: each call has started when futureUnaryCall returns
      calls.add(
          ClientCalls.futureUnaryCall(channel.newCall(HELD, CallOptions.DEFAULT), numbered(i)));
    }
    await(heldArrived);
    heldGate.countDown();
    for (int i = 0; i < 8; i++) {
      try {
        assertThat(calls.get(i).get(WAIT, TimeUnit.SECONDS)).isEqualTo(numbered(i));
      } catch (ExecutionException e) {
        fail("call " + i + " failed", e.getCause());
      }
    }
  }

  /**
   * With the one stream the server allows taken, a streaming call waits in line: what it sends
   * meanwhile (and its half-close) is kept, and arrives whole and in order once the stream frees.
   */
  @Test
  void aCallWaitingForAStreamKeepsWhatItSends() throws Exception {
    Future<byte[]> held = holdTheOnlyStream();
    Gather g = new Gather();
    ClientCall<byte[], byte[]> call = channel.newCall(COLLECT, CallOptions.DEFAULT);
    StreamObserver<byte[]> req = ClientCalls.asyncClientStreamingCall(call, g);
    assertThat(call.isReady()).as("ready while waiting for a stream").isFalse();
    Collector expected = new Collector();
    for (int i = 0; i < 500; i++) {
      req.onNext(numbered(i));
      expected.add(numbered(i));
    }
    req.onCompleted();
    heldGate.countDown();
    assertThat(held.get(WAIT, TimeUnit.SECONDS)).isEqualTo(numbered(0));
    List<byte[]> answer = get(g.done);
    assertThat(answer).hasSize(1);
    assertThat(answer.get(0)).isEqualTo(expected.result());
  }

  /**
   * A call that passes its deadline while waiting for a stream fails DEADLINE_EXCEEDED and leaves
   * the line: the stream, once free, goes to the next call.
   */
  @Test
  void aCallThatTimesOutInLineGivesUpItsPlace() throws Exception {
    Future<byte[]> held = holdTheOnlyStream();
    Future<byte[]> late =
        ClientCalls.futureUnaryCall(
            channel.newCall(
                ECHO, CallOptions.DEFAULT.withDeadlineAfter(200, TimeUnit.MILLISECONDS)),
            numbered(1));
    try {
      late.get(WAIT, TimeUnit.SECONDS);
      fail("the call in line answered");
    } catch (ExecutionException e) {
      assertThat(Status.fromThrowable(e.getCause()).getCode())
          .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
    heldGate.countDown();
    assertThat(held.get(WAIT, TimeUnit.SECONDS)).isEqualTo(numbered(0));
    assertThat(unary(ECHO, numbered(2))).isEqualTo(numbered(2));
    assertThat(unary(ECHO, numbered(3))).isEqualTo(numbered(3));
  }

  /**
   * Starts a server that allows one stream at a time and takes it with a call it holds until the
   * test opens {@link #heldGate}; returns once the server has the call.
   */
  private Future<byte[]> holdTheOnlyStream() throws IOException {
    start(b -> b.maxConcurrentCallsPerConnection(1));
    Future<byte[]> held =
        ClientCalls.futureUnaryCall(channel.newCall(HELD, CallOptions.DEFAULT), numbered(0));
    await(firstHeldArrived);
    return held;
  }

  // ---- 4. large messages and flow control

  private static NettyServerBuilder smallWindows(NettyServerBuilder b) {
    return b.flowControlWindow(64 * 1024);
  }

  @Test
  void aFourMebibyteRequestGoesThroughSmallWindows() throws Exception {
    start(H2GrpcChannelTest::smallWindows);
    byte[] big = random(4, 4 << 20);
    assertThat(unary(DIGEST, big)).isEqualTo(sha256(big));
  }

  @Test
  void sixtyFourOneMebibyteAnswersComeWhole() throws Exception {
    start(H2GrpcChannelTest::smallWindows);
    List<byte[]> got =
        within(
            () -> {
              List<byte[]> hashes = new ArrayList<>();
              ClientCalls.blockingServerStreamingCall(
                      channel, BIG, CallOptions.DEFAULT, ints(64, 1 << 20))
                  .forEachRemaining(m -> hashes.add(sha256(m)));
              return hashes;
            });
    assertThat(got).hasSize(64);
    for (int i = 0; i < 64; i++) {
      assertThat(got.get(i)).as("message %d", i).isEqualTo(sha256(random(i, 1 << 20)));
    }
  }

  @Test
  void largeMessagesBothWaysAtOnce() throws Exception {
    start(H2GrpcChannelTest::smallWindows);
    // the server echoes 8 messages of 4 MiB while the client still sends
    Gather g = new Gather();
    StreamObserver<byte[]> req =
        ClientCalls.asyncBidiStreamingCall(channel.newCall(CHAT, CallOptions.DEFAULT), g);
    for (int i = 0; i < 8; i++) {
      req.onNext(random(100 + i, 4 << 20));
    }
    req.onCompleted();
    List<byte[]> got = get(g.done);
    assertThat(got).hasSize(8);
    for (int i = 0; i < 8; i++) {
      assertThat(sha256(got.get(i)))
          .as("message %d", i)
          .isEqualTo(sha256(random(100 + i, 4 << 20)));
    }
  }

  @Test
  void aSeventeenMebibyteAnswerIsRefusedAndTheChannelGoesOn() throws Exception {
    start();
    Status s =
        failure(
            () -> {
              ClientCalls.blockingServerStreamingCall(
                      channel, BIG, CallOptions.DEFAULT, ints(1, 17 << 20))
                  .forEachRemaining(m -> {});
              return "all read";
            });
    assertThat(s.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    resetSent(1);
    await(bigCancelled);
    byte[] small = random(5, 1000);
    assertThat(unary(DIGEST, small)).isEqualTo(sha256(small));
    // just under the limit still passes
    List<byte[]> got =
        within(
            () -> {
              List<byte[]> l = new ArrayList<>();
              ClientCalls.blockingServerStreamingCall(
                      channel, BIG, CallOptions.DEFAULT, ints(1, 16 << 20))
                  .forEachRemaining(m -> l.add(sha256(m)));
              return l;
            });
    assertThat(got).containsExactly(sha256(random(0, 16 << 20)));
  }

  // ---- 5. backpressure

  @Test
  void aSlowReaderMakesTheSenderWaitForOnReady() throws Exception {
    start(H2GrpcChannelTest::smallWindows);
    int total = 200;
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch notReady = new CountDownLatch(1);
    CountDownLatch readyAgain = new CountDownLatch(1);
    AtomicBoolean gateOpen = new AtomicBoolean();
    AtomicInteger sentWhenNotReady = new AtomicInteger(-1);
    Sender sender = new Sender();
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Collector expected = new Collector();
    for (int i = 0; i < total; i++) {
      expected.add(random(i, 16 * 1024));
    }
    ClientResponseObserver<byte[], byte[]> obs =
        new ClientResponseObserver<>() {
          boolean completed;

          @Override
          public void beforeStart(ClientCallStreamObserver<byte[]> req) {
            req.setOnReadyHandler(
                () -> {
                  if (gateOpen.get()) {
                    readyAgain.countDown();
                  }
                  while (req.isReady() && sent.get() < total) {
                    sender.send(req, random(sent.getAndIncrement(), 16 * 1024));
                  }
                  if (sent.get() == total) {
                    if (!completed) {
                      completed = true;
                      req.onCompleted();
                    }
                  } else if (notReady.getCount() == 1) {
                    sentWhenNotReady.set(sent.get());
                    notReady.countDown();
                  }
                });
          }

          @Override
          public void onNext(byte[] value) {
            result.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        };
    ClientCalls.asyncClientStreamingCall(channel.newCall(SLOW, CallOptions.DEFAULT), obs);
    await(slowFirst);
    await(
        notReady,
        () -> "isReady() never turned false, " + sent.get() + " of " + total + " sent" + sender);
    assertThat(sentWhenNotReady.get()).isBetween(1, total - 1);
    assertThat(slowReceived.get()).as("the server holds back").isEqualTo(1);
    gateOpen.set(true);
    slowGate.countDown();
    await(readyAgain);
    assertThat(get(result)).isEqualTo(expected.result());
    assertThat(slowReceived.get()).isEqualTo(total);
  }

  /** Sends on a call's stream observer, and tells where it waits if it does. */
  static final class Sender {
    private volatile Thread inside;

    void send(StreamObserver<byte[]> to, byte[] m) {
      inside = Thread.currentThread();
      try {
        to.onNext(m);
      } finally {
        inside = null;
      }
    }

    @Override
    public String toString() {
      Thread t = inside;
      if (t == null) {
        return "";
      }
      StringBuilder s = new StringBuilder("; onNext (sendMessage) is waiting on " + t.getName());
      for (StackTraceElement e : t.getStackTrace()) {
        s.append("\n    at ").append(e);
      }
      return s.toString();
    }
  }

  /**
   * grpc-java's manual flow control on both ends (its ManualFlowControlClient and Server): each end
   * sends while isReady and asks for a message only when it can pass it on. A sendMessage that
   * waits for the peer's window on the call's own thread stops the answers from being read, and the
   * two ends wait for each other.
   */
  @Test
  void manualFlowControlOnBothEndsDoesNotDeadlock() throws Exception {
    start(H2GrpcChannelTest::smallWindows);
    int total = 200;
    int size = 64 * 1024;
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Integer> done = new CompletableFuture<>();
    AtomicInteger received = new AtomicInteger();
    AtomicReference<String> wrong = new AtomicReference<>();
    Sender sender = new Sender();
    ClientResponseObserver<byte[], byte[]> obs =
        new ClientResponseObserver<>() {
          ClientCallStreamObserver<byte[]> req;
          boolean completed;

          @Override
          public void beforeStart(ClientCallStreamObserver<byte[]> r) {
            req = r;
            r.disableAutoRequestWithInitial(1);
            r.setOnReadyHandler(
                () -> {
                  while (r.isReady() && sent.get() < total) {
                    sender.send(r, random(sent.getAndIncrement(), size));
                  }
                  if (sent.get() == total && !completed) {
                    completed = true;
                    r.onCompleted();
                  }
                });
          }

          @Override
          public void onNext(byte[] value) {
            int i = received.getAndIncrement();
            if (!Arrays.equals(value, random(i, size))) {
              wrong.compareAndSet(null, "message " + i);
            }
            req.request(1);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(received.get());
          }
        };
    ClientCalls.asyncBidiStreamingCall(channel.newCall(POLITE, CallOptions.DEFAULT), obs);
    assertThat(
            get(
                done,
                () ->
                    ", "
                        + sent.get()
                        + " sent and "
                        + received.get()
                        + " received of "
                        + total
                        + sender))
        .isEqualTo(total);
    assertThat(wrong.get()).isNull();
  }

  // ---- 6. metadata

  @Test
  void headersAndTrailersBothWays() throws Exception {
    start();
    Metadata out = new Metadata();
    for (int i = 0; i < 100; i++) {
      out.put(Metadata.Key.of("x-many-" + i, Metadata.ASCII_STRING_MARSHALLER), "value " + i);
    }
    String big = "b".repeat(20 * 1024);
    out.put(Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER), big);
    byte[] blob = new byte[300];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) i;
    }
    Metadata.Key<byte[]> blobKey = Metadata.Key.of("x-blob-bin", Metadata.BINARY_BYTE_MARSHALLER);
    out.put(blobKey, blob);
    out.put(blobKey, new byte[] {0, 0, (byte) 0xff});
    Metadata.Key<String> twice = Metadata.Key.of("x-twice", Metadata.ASCII_STRING_MARSHALLER);
    out.put(twice, "one");
    out.put(twice, "two");

    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    ClientInterceptor spy =
        new ClientInterceptor() {
          @Override
          public <Q, R> ClientCall<Q, R> interceptCall(
              MethodDescriptor<Q, R> m, CallOptions o, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(m, o)) {
              @Override
              public void start(Listener<R> l, Metadata h) {
                h.merge(out);
                super.start(
                    new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(l) {
                      @Override
                      public void onHeaders(Metadata md) {
                        headers.set(md);
                        super.onHeaders(md);
                      }

                      @Override
                      public void onClose(Status s, Metadata t) {
                        trailers.set(t);
                        super.onClose(s, t);
                      }
                    },
                    h);
              }
            };
          }
        };
    Channel c = ClientInterceptors.intercept(channel, spy);
    byte[] answer =
        within(() -> ClientCalls.blockingUnaryCall(c, META, CallOptions.DEFAULT, new byte[] {9}));
    assertThat(answer).containsExactly(9);

    Metadata seen = serverHeaders.get();
    for (int i = 0; i < 100; i++) {
      assertThat(seen.get(Metadata.Key.of("x-many-" + i, Metadata.ASCII_STRING_MARSHALLER)))
          .isEqualTo("value " + i);
    }
    assertThat(seen.get(Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER))).isEqualTo(big);
    assertThat(seen.getAll(blobKey)).containsExactly(blob, new byte[] {0, 0, (byte) 0xff});
    assertThat(seen.getAll(twice)).containsExactly("one", "two");

    assertThat(headers.get().get(RESP)).isEqualTo("resp value");
    assertThat(headers.get().get(RESP_BIN)).containsExactly(0xfe, 0, 'r');
    assertThat(headers.get().get(RESP_BIG)).isEqualTo("r".repeat(20 * 1024));
    assertThat(trailers.get().get(TRAIL)).isEqualTo("trail value");
    assertThat(trailers.get().getAll(TRAIL_BIN))
        .containsExactly(new byte[] {0, (byte) 0xff, 't'}, new byte[] {1, 2, 3, 4, 5});

    // a trailers-only answer: the status and the trailers in one header block
    trailers.set(null);
    headers.set(null);
    Status s =
        failure(
            () -> ClientCalls.blockingUnaryCall(c, META_FAIL, CallOptions.DEFAULT, new byte[1]));
    assertThat(s.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(s.getDescription()).isEqualTo("no: ü");
    assertThat(headers.get()).isNull();
    assertThat(trailers.get().get(TRAIL)).isEqualTo("trail value");
    assertThat(trailers.get().getAll(TRAIL_BIN))
        .containsExactly(new byte[] {0, (byte) 0xff, 't'}, new byte[] {1, 2, 3, 4, 5});
  }

  // ---- 7. deadlines

  @Test
  void aDeadlineEndsTheCallAndTheServerSeesIt() throws Exception {
    start();
    Status s =
        failure(
            () ->
                ClientCalls.blockingUnaryCall(
                    channel,
                    HANG,
                    CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS),
                    new byte[0]));
    assertThat(s.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    // the server's own timer (grpc-timeout) would cancel its side too: the RST_STREAM is the proof
    resetSent(1);
    await(hangCancelled);
    assertThat(hangDeadline.get()).isNotNull();
    assertThat(unary(ECHO, new byte[] {1, 2})).containsExactly(1, 2);
  }

  @Test
  void aContextDeadlineEndsTheCall() throws Exception {
    start();
    Status s =
        failure(
            () -> {
              java.util.concurrent.ScheduledExecutorService timer =
                  Executors.newSingleThreadScheduledExecutor();
              Context.CancellableContext ctx =
                  Context.current().withDeadlineAfter(300, TimeUnit.MILLISECONDS, timer);
              try {
                return ctx.call(
                    () ->
                        ClientCalls.blockingUnaryCall(
                            channel, HANG, CallOptions.DEFAULT, new byte[0]));
              } finally {
                ctx.cancel(null);
                timer.shutdownNow();
              }
            });
    assertThat(s.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    await(hangCancelled);
    assertThat(hangDeadline.get()).isNotNull();
    assertThat(unary(ECHO, new byte[] {3})).containsExactly(3);
  }

  /**
   * A Context whose deadline passed is cancelled with a TimeoutException: grpc-java's calls read
   * that as DEADLINE_EXCEEDED, not CANCELLED (ClientCallImpl's statusFromCancelled). The same
   * reading decides the race in {@link #aContextDeadlineEndsTheCall} between the channel's own
   * timer and the Context's.
   */
  @Test
  void aCallInAContextPastItsDeadlineIsDeadlineExceeded() throws Exception {
    start();
    java.util.concurrent.ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor();
    try {
      Context.CancellableContext ctx =
          Context.current().withDeadlineAfter(-1, TimeUnit.SECONDS, timer);
      assertThat(ctx.isCancelled()).isTrue();
      Status s =
          failure(
              () ->
                  ctx.call(
                      () ->
                          ClientCalls.blockingUnaryCall(
                              channel, HANG, CallOptions.DEFAULT, new byte[0])));
      assertThat(s.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      assertThat(unary(ECHO, new byte[] {4})).containsExactly(4);
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void aDeadlineAlreadyPastFailsAtOnce() throws Exception {
    start();
    Status s =
        failure(
            () ->
                ClientCalls.blockingUnaryCall(
                    channel,
                    HANG,
                    CallOptions.DEFAULT.withDeadlineAfter(-1, TimeUnit.SECONDS),
                    new byte[0]));
    assertThat(s.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(unary(ECHO, new byte[] {4})).containsExactly(4);
  }

  // ---- 8. the Context's cancellation

  @Test
  void cancellingTheContextCancelsTheCallAndTheServerSeesIt() throws Exception {
    start();
    Context.CancellableContext ctx = Context.current().withCancellation();
    CompletableFuture<Status> outcome = new CompletableFuture<>();
    threads.execute(
        () ->
            ctx.run(
                () -> {
                  try {
                    ClientCalls.blockingUnaryCall(channel, HANG, CallOptions.DEFAULT, new byte[0]);
                    outcome.complete(Status.OK);
                  } catch (StatusRuntimeException e) {
                    outcome.complete(e.getStatus());
                  } catch (RuntimeException e) {
                    outcome.completeExceptionally(e);
                  }
                }));
    await(hangStarted);
    ctx.cancel(new RuntimeException("the test cancels"));
    assertThat(get(outcome).getCode()).isEqualTo(Status.Code.CANCELLED);
    resetSent(1);
    await(hangCancelled);
    assertThat(hangDeadline.get()).isNull();
    assertThat(unary(ECHO, new byte[] {5})).containsExactly(5);
  }

  @Test
  void clientCallCancelResetsTheStream() throws Exception {
    start();
    ClientCall<byte[], byte[]> call = channel.newCall(HANG, CallOptions.DEFAULT);
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(1);
    call.sendMessage(new byte[0]);
    call.halfClose();
    await(hangStarted);
    call.cancel("the test is done with it", null);
    Status s = get(closed);
    assertThat(s.getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(s.getDescription()).contains("the test is done with it");
    resetSent(1);
    await(hangCancelled);
  }

  // ---- 9.

  @Test
  void twentyMixedCallsAtOnceOnOneConnection() throws Exception {
    start();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> calls = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      int kind = k % 4;
      int n = 100 + k;
      calls.add(
          threads.submit(
              () -> {
                await(go);
                switch (kind) {
                  case 0 -> {
                    byte[] b = random(n, 10_000 * n);
                    assertThat(
                            ClientCalls.blockingUnaryCall(channel, DIGEST, CallOptions.DEFAULT, b))
                        .isEqualTo(sha256(b));
                  }
                  case 1 -> {
                    List<byte[]> l = new ArrayList<>();
                    ClientCalls.blockingServerStreamingCall(
                            channel, MANY, CallOptions.DEFAULT, ints(n))
                        .forEachRemaining(l::add);
                    assertThat(l).hasSize(n);
                    for (int i = 0; i < n; i++) {
                      assertThat(l.get(i)).isEqualTo(numbered(i));
                    }
                  }
                  case 2 -> {
                    Gather g = new Gather();
                    StreamObserver<byte[]> req =
                        ClientCalls.asyncClientStreamingCall(
                            channel.newCall(COLLECT, CallOptions.DEFAULT), g);
                    Collector expected = new Collector();
                    for (int i = 0; i < n; i++) {
                      req.onNext(numbered(i * n));
                      expected.add(numbered(i * n));
                    }
                    req.onCompleted();
                    assertThat(get(g.done).get(0)).isEqualTo(expected.result());
                  }
                  default -> {
                    Gather g = new Gather();
                    StreamObserver<byte[]> req =
                        ClientCalls.asyncBidiStreamingCall(
                            channel.newCall(CHAT, CallOptions.DEFAULT), g);
                    for (int i = 0; i < n; i++) {
                      req.onNext(numbered(i + n));
                    }
                    req.onCompleted();
                    List<byte[]> l = get(g.done);
                    assertThat(l).hasSize(n);
                    for (int i = 0; i < n; i++) {
                      assertThat(l.get(i)).isEqualTo(numbered(i + n));
                    }
                  }
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : calls) {
      f.get(WAIT, TimeUnit.SECONDS);
    }
  }

  // ---- 10. the server goes

  @Test
  void theServerShuttingDownFailsTheOpenCallAndLaterOnes() throws Exception {
    start();
    Future<Status> open =
        threads.submit(
            () -> {
              try {
                ClientCalls.blockingUnaryCall(channel, HANG, CallOptions.DEFAULT, new byte[0]);
                return Status.OK;
              } catch (StatusRuntimeException e) {
                return e.getStatus();
              }
            });
    await(hangStarted);
    server.shutdownNow();
    Status s = open.get(WAIT, TimeUnit.SECONDS);
    // grpc-netty's server resets each open stream with CANCEL before it closes the connection,
    // and grpc-netty's own client then says CANCELLED too (H2CLIENT_REFERENCE=netty)
    assertThat(s.getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
    Status later = failure(() -> unary(ECHO, new byte[] {1}));
    assertThat(later.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    if (!REFERENCE) {
      assertThat(later.getDescription()).contains("the test server");
    }
  }

  /** The connection drops (no GOAWAY, no RST_STREAM) under open calls of every kind. */
  @Test
  void theConnectionDroppingFailsOpenCallsUnavailable() throws Exception {
    viaRelay = true;
    start();
    Future<Status> open =
        threads.submit(
            () -> {
              try {
                ClientCalls.blockingUnaryCall(channel, HANG, CallOptions.DEFAULT, new byte[0]);
                return Status.OK;
              } catch (StatusRuntimeException e) {
                return e.getStatus();
              }
            });
    Gather g = new Gather();
    StreamObserver<byte[]> req =
        ClientCalls.asyncBidiStreamingCall(channel.newCall(CHAT, CallOptions.DEFAULT), g);
    req.onNext(numbered(1));
    await(g.first);
    await(hangStarted);
    relay.cut();
    Status s = open.get(WAIT, TimeUnit.SECONDS);
    assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    try {
      get(g.done);
      fail("the bidi call finished");
    } catch (ExecutionException e) {
      assertThat(Status.fromThrowable(e.getCause()).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
    // sending on the dead call is quietly dropped, as in grpc-java
    req.onNext(numbered(2));
    if (!REFERENCE) {
      assertThat(s.getDescription()).contains("the test server");
      Status later = failure(() -> unary(ECHO, new byte[] {1}));
      assertThat(later.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(later.getDescription()).contains("the test server");
    }
  }

  /**
   * Watches the frames the channel sends: counts down {@code resets} at each RST_STREAM and {@code
   * goAway} at a GOAWAY; with H2CLIENT_TRACE set, prints them.
   */
  static final class SentFrames extends java.io.FilterOutputStream {
    final CountDownLatch resets = new CountDownLatch(1);
    final CountDownLatch goAway = new CountDownLatch(1);
    final List<Integer> resetStreams = Collections.synchronizedList(new ArrayList<>());
    private long preface = 24;
    private final byte[] header = new byte[9];
    private int filled;
    private long skip;

    SentFrames(java.io.OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      int i = off;
      int end = off + len;
      while (i < end) {
        if (preface > 0) {
          int n = (int) Math.min(preface, end - i);
          preface -= n;
          i += n;
        } else if (skip > 0) {
          int n = (int) Math.min(skip, end - i);
          skip -= n;
          i += n;
        } else {
          header[filled++] = b[i++];
          if (filled == 9) {
            filled = 0;
            skip = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
            int stream =
                ((header[5] & 0x7f) << 24)
                    | ((header[6] & 0xff) << 16)
                    | ((header[7] & 0xff) << 8)
                    | (header[8] & 0xff);
            if (header[3] == 3) {
              resetStreams.add(stream);
              resets.countDown();
            } else if (header[3] == 7) {
              goAway.countDown();
            }
            if (TRACE) {
              System.err.printf(
                  "sent type %d flags %x stream %d length %d%n",
                  header[3], header[4], stream, skip);
            }
          }
        }
      }
    }
  }

  /** A TCP relay in front of the server that the test can cut. */
  static final class Relay implements AutoCloseable {
    private final ServerSocket listen;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    Relay(int target, ExecutorService threads) throws IOException {
      listen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      threads.execute(
          () -> {
            try {
              while (true) {
                Socket a = listen.accept();
                Socket b = new Socket("127.0.0.1", target);
                sockets.add(a);
                sockets.add(b);
                threads.execute(() -> pump(a, b));
                threads.execute(() -> pump(b, a));
              }
            } catch (IOException e) {
              // closed
            }
          });
    }

    int port() {
      return listen.getLocalPort();
    }

    private static void pump(Socket from, Socket to) {
      try {
        from.getInputStream().transferTo(to.getOutputStream());
      } catch (IOException e) {
        // cut
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }

    /** Drops every connection through the relay. */
    void cut() {
      synchronized (sockets) {
        sockets.forEach(Relay::closeQuietly);
      }
    }

    @Override
    public void close() {
      closeQuietly(listen);
      cut();
    }

    private static void closeQuietly(java.io.Closeable c) {
      try {
        c.close();
      } catch (IOException e) {
        // closed either way
      }
    }
  }

  /**
   * A graceful shutdown (GOAWAY, then the open call finishes): the server takes no new streams, so
   * a call started after its GOAWAY must fail UNAVAILABLE without a stream on the connection
   * (grpc-netty's server refuses such a stream and then drops the whole connection, open calls and
   * all), and the call that was open goes on to its end.
   */
  @Test
  void afterTheServersGoAwayNewCallsFailAndTheOpenOneFinishes() throws Exception {
    AtomicReference<FrameSpy> spy = new AtomicReference<>();
    start(
        b -> b,
        in -> {
          FrameSpy s = new FrameSpy(in);
          spy.set(s);
          return s;
        });
    Gather g = new Gather();
    StreamObserver<byte[]> req =
        ClientCalls.asyncBidiStreamingCall(channel.newCall(CHAT, CallOptions.DEFAULT), g);
    req.onNext(numbered(1));
    await(g.first); // the call is open on the server
    server.shutdown();
    // grpc-netty's own channel would dial a new connection for the next call; this one may not
    // open streams on a connection after its GOAWAY (RFC 9113 6.8)
    if (!REFERENCE) {
      // grpc-netty sends two: the first says "all streams", the second the last one it took
      await(spy.get().goAways);
      Status later =
          failure(
              () ->
                  ClientCalls.blockingUnaryCall(
                      channel,
                      ECHO,
                      CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                      new byte[] {1}));
      assertThat(later.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    }
    // the open call still works to its end
    req.onNext(numbered(2));
    req.onCompleted();
    List<byte[]> got = get(g.done);
    assertThat(got).hasSize(2);
    assertThat(got.get(1)).isEqualTo(numbered(2));
  }

  // ---- 11. close

  @Test
  void closeFailsTheOpenCallAndTheServerSeesTheConnectionClose() throws Exception {
    start();
    Future<Status> open =
        threads.submit(
            () -> {
              try {
                ClientCalls.blockingUnaryCall(channel, HANG, CallOptions.DEFAULT, new byte[0]);
                return Status.OK;
              } catch (StatusRuntimeException e) {
                return e.getStatus();
              }
            });
    await(hangStarted);
    if (REFERENCE) {
      reference.shutdownNow();
    } else {
      h2.close();
    }
    assertThat(open.get(WAIT, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    if (!REFERENCE) {
      await(sent.goAway);
    }
    await(hangCancelled);
    await(connectionClosed);
    Status later = failure(() -> unary(ECHO, new byte[] {1}));
    assertThat(later.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    if (!REFERENCE) {
      h2.close(); // twice is fine
    }
  }

  // ---- 12. keepalive

  /**
   * Watches the frames the server sends as the channel reads them: counts down {@code pings} at
   * each PING (not an ack) and {@code goAways} at each GOAWAY, once the whole frame went through.
   */
  static final class FrameSpy extends FilterInputStream {
    final CountDownLatch pings = new CountDownLatch(5);
    final CountDownLatch goAways = new CountDownLatch(2);
    private final byte[] header = new byte[9];
    private int filled;
    private long skip;
    private CountDownLatch afterFrame;

    FrameSpy(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        scan(new byte[] {(byte) c}, 0, 1);
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        scan(b, off, n);
      }
      return n;
    }

    private void scan(byte[] b, int off, int len) {
      int i = off;
      int end = off + len;
      while (i < end) {
        if (skip > 0) {
          int n = (int) Math.min(skip, end - i);
          skip -= n;
          i += n;
        } else {
          header[filled++] = b[i++];
          if (filled < 9) {
            continue;
          }
          filled = 0;
          skip = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
          if (TRACE) {
            System.err.printf(
                "frame type %d flags %x stream %d length %d%n",
                header[3],
                header[4],
                ((header[5] & 0x7f) << 24)
                    | ((header[6] & 0xff) << 16)
                    | ((header[7] & 0xff) << 8)
                    | (header[8] & 0xff),
                skip);
          }
          if (header[3] == 6 && (header[4] & 1) == 0) {
            afterFrame = pings;
          } else if (header[3] == 7) {
            afterFrame = goAways;
          }
        }
        if (skip == 0 && filled == 0 && afterFrame != null) {
          afterFrame.countDown();
          afterFrame = null;
        }
      }
    }
  }

  @Test
  void theServersKeepalivePingsAreAnswered() throws Exception {
    assumeFalse(REFERENCE, "counts frames on H2GrpcChannel's own stream");
    AtomicReference<FrameSpy> spy = new AtomicReference<>();
    start(
        b -> {
          b.flowControlWindow(1 << 20) // no BDP pings: every ping is a keepalive
              .keepAliveTime(10, TimeUnit.SECONDS)
              .keepAliveTimeout(2, TimeUnit.SECONDS)
              .permitKeepAliveTime(1, TimeUnit.SECONDS);
          shortKeepalive(b, TimeUnit.MILLISECONDS.toNanos(200));
          return b;
        },
        in -> {
          FrameSpy s = new FrameSpy(in);
          spy.set(s);
          return s;
        });
    assertThat(unary(ECHO, new byte[] {1})).containsExactly(1);
    // the server sends its next ping only once the last was answered (or it closes the connection)
    await(spy.get().pings);
    assertThat(unary(ECHO, new byte[] {2})).containsExactly(2);
    assertThat(connectionClosed.getCount()).isEqualTo(1);
  }

  /** grpc-java clamps keepAliveTime to 10 s at least; the test sets the builder's field itself. */
  private static void shortKeepalive(NettyServerBuilder b, long nanos) {
    try {
      java.lang.reflect.Field f = NettyServerBuilder.class.getDeclaredField("keepAliveTimeInNanos");
      f.setAccessible(true);
      f.setLong(b, nanos);
    } catch (ReflectiveOperationException e) {
      fail("NettyServerBuilder has no keepAliveTimeInNanos field any more", e);
    }
  }
}
