package dev.dmsb.buildkit.h2;

import static dev.dmsb.buildkit.h2.H2Harness.BIDI;
import static dev.dmsb.buildkit.h2.H2Harness.CLIENT_STREAM;
import static dev.dmsb.buildkit.h2.H2Harness.SERVER_STREAM;
import static dev.dmsb.buildkit.h2.H2Harness.TIMEOUT_S;
import static dev.dmsb.buildkit.h2.H2Harness.UNARY;
import static dev.dmsb.buildkit.h2.H2Harness.method;
import static dev.dmsb.buildkit.h2.H2Harness.options;
import static dev.dmsb.buildkit.h2.H2Harness.random;
import static dev.dmsb.buildkit.h2.H2Harness.service;
import static dev.dmsb.buildkit.h2.H2Harness.sha;
import static dev.dmsb.buildkit.h2.H2Harness.str;
import static dev.dmsb.buildkit.h2.H2Harness.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dmsb.buildkit.h2.H2Harness.FrameTap;
import dev.dmsb.buildkit.h2.H2Harness.Recorder;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link H2GrpcServer} against grpc-java's Netty client on a loopback socket: each implementation
 * of HTTP/2 and gRPC checks the other. {@link H2Harness}'s tap on the server's streams shows what
 * went over the wire, so that a test can also check that it exercised what it claims to (a
 * CONTINUATION frame, a WINDOW_UPDATE, a PING ack).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class H2GrpcServerTest {
  private static final int MIB = 1024 * 1024;

  private H2Harness h;

  @AfterEach
  void tearDown() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private H2Harness start(ServerServiceDefinition... services) throws Exception {
    h = new H2Harness(List.of(services));
    return h;
  }

  /** The frames each way parsed, and nothing the client could not have accepted. */
  private void assertWireClean() {
    assertThat(h.toServer.problems()).as("client->server frames").isEmpty();
    assertThat(h.toClient.problems()).as("server->client frames").isEmpty();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = new byte[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** Unary: answers "echo:" + the request. */
  private static ServerCallHandler<byte[], byte[]> echoUnary() {
    return ServerCalls.asyncUnaryCall(
        (req, obs) -> {
          obs.onNext(concat(utf8("echo:"), req));
          obs.onCompleted();
        });
  }

  private byte[] unary(byte[] request) {
    return ClientCalls.blockingUnaryCall(h.channel, UNARY, options(), request);
  }

  private void assertUnaryWorks() {
    assertThat(str(unary(utf8("still there?")))).isEqualTo("echo:still there?");
  }

  // ------------------------------------------------------------------ 1. unary, status text

  static final String DESCRIPTION =
      "100% sure: %41 is not A, naïve café – 日本語 🚀, a\ttab and a\nnewline, ~^\"' and 50%%";

  @Test
  void unaryCallAndAStatusDescriptionWithNonAsciiAndPercentArriveIntact() throws Exception {
    Metadata.Key<String> why = Metadata.Key.of("x-why", Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<byte[]> whyBin = Metadata.Key.of("x-why-bin", Metadata.BINARY_BYTE_MARSHALLER);
    MethodDescriptor<byte[], byte[]> failNow = method("FailNow", MethodDescriptor.MethodType.UNARY);
    MethodDescriptor<byte[], byte[]> failLate =
        method("FailLate", MethodDescriptor.MethodType.SERVER_STREAMING);
    ServerCallHandler<byte[], byte[]> failNowHandler =
        (call, headers) -> {
          Metadata t = new Metadata();
          t.put(why, "because");
          t.put(whyBin, new byte[] {0, 1, 2, (byte) 0xff});
          // no headers, no message: a trailers-only response
          call.close(Status.FAILED_PRECONDITION.withDescription(DESCRIPTION), t);
          return new ServerCall.Listener<>() {};
        };
    ServerCallHandler<byte[], byte[]> failLateHandler =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              call.sendHeaders(new Metadata());
              call.sendMessage(utf8("one"));
              call.close(Status.ABORTED.withDescription(DESCRIPTION), new Metadata());
            }
          };
        };
    start(service(UNARY, echoUnary(), failNow, failNowHandler, failLate, failLateHandler));

    assertThat(str(unary(utf8("hello")))).isEqualTo("echo:hello");

    StatusRuntimeException e =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> ClientCalls.blockingUnaryCall(h.channel, failNow, options(), utf8("x")));
    assertThat(e).isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription()).isEqualTo(DESCRIPTION);
    assertThat(e.getTrailers().get(why)).isEqualTo("because");
    assertThat(e.getTrailers().get(whyBin)).containsExactly(0, 1, 2, 0xff);

    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(failLate, r);
    c.sendMessage(utf8("x"));
    c.halfClose();
    Status s = r.awaitStatus();
    assertThat(str(r.take())).isEqualTo("one");
    assertThat(s.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(s.getDescription()).isEqualTo(DESCRIPTION);

    // on the wire grpc-message is printable ASCII, '%' and the rest percent-encoded
    List<String> messages = new ArrayList<>();
    for (FrameTap.Block b : h.toClient.blocks()) {
      CharSequence m = b.headers().get("grpc-message");
      if (m != null) {
        messages.add(m.toString());
      }
    }
    assertThat(messages).hasSize(2);
    for (String m : messages) {
      assertThat(m.chars()).allMatch(ch -> ch >= 0x20 && ch < 0x7f);
      assertThat(m).contains("%25").doesNotContain("é");
    }
    assertWireClean();
  }

  // ------------------------------------------------------------------ 2. unimplemented

  @Test
  void anUnknownMethodOrServiceIsUnimplemented() throws Exception {
    start(service(UNARY, echoUnary()));
    MethodDescriptor<byte[], byte[]> noMethod = method("Nope", MethodDescriptor.MethodType.UNARY);
    MethodDescriptor<byte[], byte[]> noService =
        method("dmsb.test.Nobody", "Unary", MethodDescriptor.MethodType.UNARY);
    MethodDescriptor<byte[], byte[]> noServiceStream =
        method("dmsb.test.Nobody", "Bidi", MethodDescriptor.MethodType.BIDI_STREAMING);
    for (MethodDescriptor<byte[], byte[]> m : List.of(noMethod, noService)) {
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(h.channel, m, options(), utf8("x")))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }
    // a streaming call the client keeps sending on is ended too
    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(noServiceStream, r);
    for (int i = 0; i < 10; i++) {
      c.sendMessage(random(i, 10_000));
    }
    assertThat(r.awaitStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    c.halfClose();
    assertUnaryWorks();
    assertWireClean();
  }

  // ------------------------------------------------------------------ 3. bidi streaming

  @Test
  void bidiStreamingKeepsTheOrderAndCountOfTwoThousandMessagesEachWay() throws Exception {
    int n = 2000;
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    ServerCallHandler<byte[], byte[]> echo =
        (call, headers) -> {
          call.request(1);
          call.sendHeaders(new Metadata());
          return new ServerCall.Listener<>() {
            @Override
            public void onMessage(byte[] m) {
              seen.add(str(m));
              call.sendMessage(utf8("re:" + str(m)));
              call.request(1);
            }

            @Override
            public void onHalfClose() {
              call.close(Status.OK, new Metadata());
            }
          };
        };
    start(service(BIDI, echo));
    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(BIDI, r);
    for (int i = 0; i < n; i++) {
      c.sendMessage(utf8("m-" + i));
    }
    c.halfClose();
    assertThat(r.awaitStatus()).isEqualTo(Status.OK);
    List<String> got = new ArrayList<>();
    r.messages.forEach(m -> got.add(str(m)));
    List<String> want = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      want.add("re:m-" + i);
      sent.add("m-" + i);
    }
    assertThat(got).containsExactlyElementsOf(want);
    assertThat(seen).containsExactlyElementsOf(sent);
    assertWireClean();
  }

  // ------------------------------------------------------------------ 4. large messages

  /** Unary: the request's SHA-256 in a header, and a response of the request's size from seed 9. */
  private static ServerCallHandler<byte[], byte[]> hashAndMirror(CompletableFuture<String> got) {
    return ServerCalls.asyncUnaryCall(
        (req, obs) -> {
          got.complete(sha(req));
          obs.onNext(random(9, req.length));
          obs.onCompleted();
        });
  }

  @Test
  void fourMibMessagesBothWays() throws Exception {
    CompletableFuture<String> got = new CompletableFuture<>();
    start(service(UNARY, hashAndMirror(got)));
    byte[] req = random(1, 4 * MIB);
    byte[] resp = unary(req);
    assertThat(got.get(TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo(sha(req));
    assertThat(resp).hasSize(4 * MIB);
    assertThat(sha(resp)).isEqualTo(sha(random(9, 4 * MIB)));
    assertWireClean();
  }

  @Test
  void sixteenMibMessagesBothWaysAtTheLimit() throws Exception {
    CompletableFuture<String> got = new CompletableFuture<>();
    start(service(UNARY, hashAndMirror(got)));
    byte[] req = random(2, 16 * MIB);
    byte[] resp = unary(req);
    assertThat(got.get(TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo(sha(req));
    assertThat(sha(resp)).isEqualTo(sha(random(9, 16 * MIB)));
    assertWireClean();
  }

  @Test
  void aMessageOverTheSixteenMibLimitIsResourceExhaustedAndTheConnectionGoesOn() throws Exception {
    CompletableFuture<String> got = new CompletableFuture<>();
    MethodDescriptor<byte[], byte[]> echo = method("Echo", MethodDescriptor.MethodType.UNARY);
    start(service(UNARY, echoUnary(), echo, hashAndMirror(got)));
    assertThatThrownBy(
            () -> ClientCalls.blockingUnaryCall(h.channel, echo, options(), new byte[16 * MIB + 1]))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    assertThat(got).isNotDone();
    assertUnaryWorks();
    assertWireClean();
  }

  @Test
  void sixtyFourMibServerToClientInOneMibMessagesWithFlowControl() throws Exception {
    int n = 64;
    ServerCallHandler<byte[], byte[]> streamer =
        ServerCalls.asyncServerStreamingCall(
            (req, obs) -> {
              ServerCallStreamObserver<byte[]> o = (ServerCallStreamObserver<byte[]>) obs;
              AtomicInteger next = new AtomicInteger();
              Runnable pump =
                  () -> {
                    while (o.isReady() && next.get() < n) {
                      o.onNext(random(100 + next.getAndIncrement(), MIB));
                    }
                    if (next.get() == n && next.getAndIncrement() == n) {
                      o.onCompleted();
                    }
                  };
              o.setOnReadyHandler(pump);
              pump.run();
            });
    start(service(SERVER_STREAM, streamer));
    MessageDigest got = H2Harness.sha256();
    AtomicInteger count = new AtomicInteger();
    Recorder r = new Recorder(true);
    r.onMessage =
        m -> {
          assertThat(m).hasSize(MIB);
          got.update(m);
          count.incrementAndGet();
        };
    ClientCall<byte[], byte[]> c = h.start(SERVER_STREAM, r);
    c.sendMessage(utf8("go"));
    c.halfClose();
    assertThat(r.awaitStatus()).isEqualTo(Status.OK);
    r.messages.clear();
    MessageDigest want = H2Harness.sha256();
    for (int i = 0; i < n; i++) {
      want.update(random(100 + i, MIB));
    }
    assertThat(count.get()).isEqualTo(n);
    assertThat(H2Harness.hex(got.digest())).isEqualTo(H2Harness.hex(want.digest()));
    // the server's DATA went beyond every initial window: it read the client's WINDOW_UPDATEs
    assertThat(h.toClient.dataBytes()).isGreaterThanOrEqualTo((long) n * (MIB + 5));
    assertThat(h.toServer.frames(FrameTap.WINDOW_UPDATE)).anyMatch(f -> f.stream() == 0);
    assertThat(h.toServer.frames(FrameTap.WINDOW_UPDATE)).anyMatch(f -> f.stream() != 0);
    assertWireClean();
  }

  @ParameterizedTest(name = "in messages of {0} KiB")
  @ValueSource(ints = {256, 1024})
  void thirtyTwoMibClientToServerWithFlowControl(int kib) throws Exception {
    int size = kib * 1024;
    int n = 32 * MIB / size;
    AtomicInteger count = new AtomicInteger();
    ServerCallHandler<byte[], byte[]> digest =
        ServerCalls.asyncClientStreamingCall(
            (StreamObserver<byte[]> obs) ->
                new StreamObserver<byte[]>() {
                  final MessageDigest d = H2Harness.sha256();

                  @Override
                  public void onNext(byte[] m) {
                    count.incrementAndGet();
                    d.update(m);
                  }

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {
                    obs.onNext(utf8(H2Harness.hex(d.digest())));
                    obs.onCompleted();
                  }
                });
    start(service(CLIENT_STREAM, digest));
    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(CLIENT_STREAM, r);
    MessageDigest want = H2Harness.sha256();
    for (int i = 0; i < n; i++) {
      byte[] m = random(200 + i, size);
      want.update(m);
      c.sendMessage(m);
    }
    c.halfClose();
    assertThat(r.awaitStatus()).isEqualTo(Status.OK);
    assertThat(count.get()).isEqualTo(n);
    assertThat(str(r.take())).isEqualTo(H2Harness.hex(want.digest()));
    int stream = h.toServer.lastStream("/ClientStream");
    assertThat(h.toServer.dataBytes(stream)).isGreaterThanOrEqualTo((long) n * (size + 5));
    // more than the 65,535 bytes of the connection's initial window: the server gave credit back
    assertThat(h.toClient.frames(FrameTap.WINDOW_UPDATE)).anyMatch(f -> f.stream() == 0);
    if (h.toClient.setting(4, 65535) < (long) n * size) {
      assertThat(h.toClient.frames(FrameTap.WINDOW_UPDATE)).anyMatch(f -> f.stream() == stream);
    }
    assertWireClean();
  }

  // ------------------------------------------------------------------ 5. backpressure

  @Test
  void aSlowReaderMakesTheServerNotReadyAndOnReadyResumesItWithNothingLost() throws Exception {
    // messages under the 32 KiB a stream needs to be ready: a handler that asks isReady() before
    // each send is never held inside sendMessage
    int n = 512;
    int size = 16 * 1024;
    CountDownLatch notReady = new CountDownLatch(1);
    AtomicInteger readyAfterNotReady = new AtomicInteger();
    AtomicInteger notReadyEpisodes = new AtomicInteger();
    AtomicInteger inSend = new AtomicInteger(-1);
    ServerCallHandler<byte[], byte[]> streamer =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<byte[]>() {
            int sent;
            boolean started;
            boolean waiting;

            void pump() {
              while (sent < n) {
                if (!call.isReady()) {
                  if (!waiting) {
                    waiting = true;
                    notReadyEpisodes.incrementAndGet();
                  }
                  notReady.countDown();
                  return;
                }
                byte[] m = random(1000 + sent, size);
                ByteBuffer.wrap(m).putInt(sent);
                inSend.set(sent);
                call.sendMessage(m);
                inSend.set(-1);
                sent++;
              }
              if (sent == n) {
                sent++;
                call.close(Status.OK, new Metadata());
              }
            }

            @Override
            public void onHalfClose() {
              call.sendHeaders(new Metadata());
              started = true;
              pump();
            }

            @Override
            public void onReady() {
              if (waiting) {
                waiting = false;
                readyAfterNotReady.incrementAndGet();
              }
              if (started) {
                pump();
              }
            }
          };
        };
    start(service(SERVER_STREAM, streamer));
    Recorder r = new Recorder(false);
    r.onMessage = m -> r.call.request(1);
    ClientCall<byte[], byte[]> c = h.start(SERVER_STREAM, r);
    c.sendMessage(utf8("go"));
    c.halfClose();
    boolean sawNotReady = notReady.await(TIMEOUT_S, TimeUnit.SECONDS);
    int blockedIn = inSend.get();
    if (!sawNotReady) {
      c.request(n); // let a blocked sendMessage go, so that the harness can end the call
    }
    assertThat(sawNotReady)
        .as(
            "isReady() turned false while the client read nothing (%s)",
            blockedIn >= 0
                ? "the handler is held inside sendMessage of message " + blockedIn
                : "the handler is not inside sendMessage")
        .isTrue();
    assertThat(r.received.get()).isZero();
    c.request(1);
    assertThat(r.awaitStatus()).isEqualTo(Status.OK);
    assertThat(r.messages).hasSize(n);
    int i = 0;
    for (byte[] m : r.messages) {
      int index = ByteBuffer.wrap(m).getInt();
      assertThat(index).isEqualTo(i);
      byte[] want = random(1000 + i, size);
      ByteBuffer.wrap(want).putInt(i);
      assertThat(m).isEqualTo(want);
      i++;
    }
    assertThat(readyAfterNotReady.get()).isGreaterThanOrEqualTo(1);
    assertThat(readyAfterNotReady.get()).isEqualTo(notReadyEpisodes.get());
    assertWireClean();
  }

  /** Server-streaming: n messages of size bytes, from seeds 500 + i, sent as isReady allows. */
  private static ServerCallHandler<byte[], byte[]> readyStreamer(int n, int size) {
    return ServerCalls.asyncServerStreamingCall(
        (req, obs) -> {
          ServerCallStreamObserver<byte[]> o = (ServerCallStreamObserver<byte[]>) obs;
          AtomicInteger next = new AtomicInteger();
          Runnable pump =
              () -> {
                while (o.isReady() && next.get() < n) {
                  o.onNext(random(500 + next.getAndIncrement(), size));
                }
                if (next.get() == n && next.getAndIncrement() == n) {
                  o.onCompleted();
                }
              };
          o.setOnReadyHandler(pump);
          pump.run();
        });
  }

  @Test
  void aClientWithASmallFixedWindowGetsEightMibWithinIt() throws Exception {
    int n = 128;
    int size = 64 * 1024;
    // 65,535 bytes per stream, fixed (flowControlWindow turns grpc-netty's BDP growth off): the
    // server must wait for every WINDOW_UPDATE
    h =
        new H2Harness(
            List.of(service(SERVER_STREAM, readyStreamer(n, size))),
            0,
            b -> b.flowControlWindow(65535));
    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(SERVER_STREAM, r);
    c.sendMessage(utf8("go"));
    c.halfClose();
    assertThat(r.awaitStatus()).isEqualTo(Status.OK);
    assertThat(r.messages).hasSize(n);
    int i = 0;
    for (byte[] m : r.messages) {
      assertThat(sha(m)).as("message %d", i).isEqualTo(sha(random(500 + i, size)));
      i++;
    }
    assertThat(h.toServer.frames(FrameTap.WINDOW_UPDATE).size()).isGreaterThan(n / 2);
    assertWireClean();
  }

  @Test
  void sendMessagePastThePeersWindowWaitsForItToReadAndLosesNothing() throws Exception {
    // Unlike grpc-java's ServerCall, which buffers what a handler sends past isReady(), this one
    // holds the sending thread until the peer's window has room: what waits in memory is bounded
    // by one message, whatever the handler does.
    int n = 8;
    CompletableFuture<Void> sentAll = new CompletableFuture<>();
    CompletableFuture<Thread> sender = new CompletableFuture<>();
    ServerCallHandler<byte[], byte[]> ignoresReady =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              sender.complete(Thread.currentThread());
              call.sendHeaders(new Metadata());
              for (int i = 0; i < n; i++) {
                call.sendMessage(random(600 + i, MIB));
              }
              sentAll.complete(null);
              call.close(Status.OK, new Metadata());
            }
          };
        };
    start(service(SERVER_STREAM, ignoresReady));
    Recorder r = new Recorder(false);
    ClientCall<byte[], byte[]> c = h.start(SERVER_STREAM, r);
    c.sendMessage(utf8("go"));
    c.halfClose();
    Thread t = sender.get(TIMEOUT_S, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    boolean waiting;
    while (!(waiting = waitingForWindow(t)) && !sentAll.isDone() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
    assertThat(sentAll)
        .as("%d x 1 MiB sent while the client read nothing: the sender waits for the window", n)
        .isNotDone();
    assertThat(waiting).as("the handler's thread waits inside sendMessage").isTrue();
    c.request(n);
    sentAll.get(TIMEOUT_S, TimeUnit.SECONDS);
    assertThat(r.awaitStatus()).isEqualTo(Status.OK);
    assertThat(r.messages).hasSize(n);
    int i = 0;
    for (byte[] m : r.messages) {
      assertThat(sha(m)).as("message %d", i).isEqualTo(sha(random(600 + i, MIB)));
      i++;
    }
    assertWireClean();
  }

  private static boolean waitingForWindow(Thread t) {
    Thread.State state = t.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().equals(FrameWriter.class.getName())
          && e.getMethodName().equals("data")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aConnectionThatDeliversAFewBytesPerReadIsServed() throws Exception {
    h =
        new H2Harness(
            List.of(service(UNARY, echoUnary(), BIDI, echoBidi(), CLIENT_STREAM, digestHandler())),
            0,
            b -> {},
            7);
    assertUnaryWorks();
    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(BIDI, r);
    for (int i = 0; i < 100; i++) {
      c.sendMessage(utf8("m-" + i));
    }
    c.halfClose();
    assertThat(r.awaitStatus()).isEqualTo(Status.OK);
    assertThat(r.messages).hasSize(100);
    Recorder big = new Recorder(true);
    ClientCall<byte[], byte[]> d = h.start(CLIENT_STREAM, big);
    byte[] m = random(7, 256 * 1024);
    d.sendMessage(m);
    d.halfClose();
    assertThat(big.awaitStatus()).isEqualTo(Status.OK);
    assertThat(str(big.take())).isEqualTo(H2Harness.hex(H2Harness.sha256().digest(m)));
    assertWireClean();
  }

  /** Bidi: answers each message with "re:" + it, and ends when the client does. */
  private static ServerCallHandler<byte[], byte[]> echoBidi() {
    return (call, headers) -> {
      call.request(1);
      call.sendHeaders(new Metadata());
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] m) {
          call.sendMessage(utf8("re:" + str(m)));
          call.request(1);
        }

        @Override
        public void onHalfClose() {
          call.close(Status.OK, new Metadata());
        }
      };
    };
  }

  // ------------------------------------------------------------------ 6. metadata

  private static final Context.Key<Metadata> HEADERS = Context.key("headers");

  @Test
  void clientMetadataReachesTheHandlerThroughAnInterceptorsContext() throws Exception {
    Metadata.Key<String> big = Metadata.Key.of("x-big", Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<String> rep = Metadata.Key.of("x-rep", Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<String> huff = Metadata.Key.of("x-huff", Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<String> odd = Metadata.Key.of("x-odd", Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<byte[]> bin = Metadata.Key.of("x-data-bin", Metadata.BINARY_BYTE_MARSHALLER);
    Metadata.Key<String> bigBack = Metadata.Key.of("x-big-back", Metadata.ASCII_STRING_MARSHALLER);
    Metadata.Key<byte[]> trailerBin =
        Metadata.Key.of("x-trailer-bin", Metadata.BINARY_BYTE_MARSHALLER);
    StringBuilder sb = new StringBuilder();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    for (int i = 0; i < 20 * 1024; i++) {
      sb.append((char) ('a' + rnd.nextInt(26)));
    }
    String bigValue = sb.toString();
    String huffValue = "the quick brown fox jumps over the lazy dog, said the engine. ".repeat(10);
    String oddValue = "a b,c;d=e \"quoted\" ~!@#$%^&*()_+{}|:<>?`-=[]\\;',./";
    byte[] allBytes = new byte[256];
    for (int i = 0; i < 256; i++) {
      allBytes[i] = (byte) i;
    }

    List<Metadata> atStart = new CopyOnWriteArrayList<>();
    List<Metadata> atHalfClose = new CopyOnWriteArrayList<>();
    ServerInterceptor intoContext =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            return Contexts.interceptCall(
                Context.current().withValue(HEADERS, headers), call, headers, next);
          }
        };
    ServerCallHandler<byte[], byte[]> handler =
        (call, headers) -> {
          atStart.add(HEADERS.get());
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              atHalfClose.add(HEADERS.get());
              Metadata rh = new Metadata();
              rh.put(bigBack, bigValue);
              call.sendHeaders(rh);
              call.sendMessage(utf8("ok"));
              Metadata t = new Metadata();
              t.put(trailerBin, allBytes);
              call.close(Status.OK, t);
            }
          };
        };
    h =
        new H2Harness(
            List.of(ServerInterceptors.intercept(service(UNARY, handler), intoContext)),
            0,
            b -> b.maxInboundMetadataSize(MIB));

    // three times, so that the later requests use HPACK's dynamic table
    for (int round = 0; round < 3; round++) {
      Metadata md = new Metadata();
      for (int i = 0; i < 60; i++) {
        md.put(
            Metadata.Key.of("x-h-" + i, Metadata.ASCII_STRING_MARSHALLER), "v" + i + "-" + round);
      }
      md.put(big, bigValue);
      md.put(rep, "one");
      md.put(rep, "two");
      md.put(rep, "three");
      md.put(huff, huffValue);
      md.put(odd, oddValue);
      md.put(bin, allBytes);
      Recorder r = new Recorder(true);
      ClientCall<byte[], byte[]> c = h.start(UNARY, r, md);
      c.sendMessage(utf8("x"));
      c.halfClose();
      assertThat(r.awaitStatus()).isEqualTo(Status.OK);
      assertThat(str(r.take())).isEqualTo("ok");
      assertThat(r.headers.get(TIMEOUT_S, TimeUnit.SECONDS).get(bigBack)).isEqualTo(bigValue);
      assertThat(r.trailers.get(trailerBin)).isEqualTo(allBytes);

      for (Metadata got : List.of(atStart.get(round), atHalfClose.get(round))) {
        assertThat(got).as("the interceptor's Context value").isNotNull();
        for (int i = 0; i < 60; i++) {
          assertThat(got.get(Metadata.Key.of("x-h-" + i, Metadata.ASCII_STRING_MARSHALLER)))
              .isEqualTo("v" + i + "-" + round);
        }
        assertThat(got.get(big)).isEqualTo(bigValue);
        assertThat(got.getAll(rep)).containsExactly("one", "two", "three");
        assertThat(got.get(huff)).isEqualTo(huffValue);
        assertThat(got.get(odd)).isEqualTo(oddValue);
        assertThat(got.get(bin)).isEqualTo(allBytes);
      }
    }
    // the test exercised what it claims: CONTINUATION frames each way. (grpc-netty's client never
    // Huffman-codes: it builds its HPACK encoder with a Huffman threshold of Integer.MAX_VALUE;
    // the raw client of aRawClientsHuffmanCodedAndIndexedHeadersAreDecoded does.)
    assertThat(h.toServer.frames(FrameTap.CONTINUATION)).isNotEmpty();
    assertThat(h.toClient.frames(FrameTap.CONTINUATION)).isNotEmpty();
    FrameTap.Block first = h.toServer.blocks().get(0);
    assertThat(first.headers().get("x-big").toString()).isEqualTo(bigValue);
    assertWireClean();
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // ------------------------------------------------------------------ 7. concurrency

  @ParameterizedTest(name = "{0} calls")
  @ValueSource(ints = {20, 150})
  void twentyConcurrentCallsMixedUnaryAndStreamingOnOneConnection(int calls) throws Exception {
    int perStream = 200;
    List<Runnable> parked = new ArrayList<>();
    AtomicInteger open = new AtomicInteger();
    // every call waits (without blocking a thread) until all twenty are open at once
    java.util.function.Consumer<Runnable> park =
        run -> {
          List<Runnable> go = List.of();
          synchronized (parked) {
            parked.add(run);
            open.incrementAndGet();
            if (parked.size() == calls) {
              go = new ArrayList<>(parked);
            }
          }
          go.forEach(Runnable::run);
        };
    ServerCallHandler<byte[], byte[]> unary =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            byte[] req;

            @Override
            public void onMessage(byte[] m) {
              req = m;
            }

            @Override
            public void onHalfClose() {
              byte[] q = req;
              park.accept(
                  () -> {
                    call.sendHeaders(new Metadata());
                    call.sendMessage(concat(utf8("echo:"), q));
                    call.close(Status.OK, new Metadata());
                  });
            }
          };
        };
    ServerCallHandler<byte[], byte[]> stream =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            byte[] req;

            @Override
            public void onMessage(byte[] m) {
              req = m;
            }

            @Override
            public void onHalfClose() {
              byte[] q = req;
              park.accept(
                  () -> {
                    call.sendHeaders(new Metadata());
                    for (int i = 0; i < perStream; i++) {
                      call.sendMessage(utf8(str(q) + "#" + i));
                    }
                    call.close(Status.OK, new Metadata());
                  });
            }
          };
        };
    start(service(UNARY, unary, SERVER_STREAM, stream));
    List<Recorder> recorders = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      Recorder r = new Recorder(true);
      ClientCall<byte[], byte[]> c = h.start(i % 2 == 0 ? UNARY : SERVER_STREAM, r);
      c.sendMessage(utf8("call-" + i + "-" + "x".repeat(i * 1000)));
      c.halfClose();
      recorders.add(r);
    }
    for (int i = 0; i < calls; i++) {
      Recorder r = recorders.get(i);
      assertThat(r.awaitStatus()).as("call %d", i).isEqualTo(Status.OK);
      String req = "call-" + i + "-" + "x".repeat(i * 1000);
      List<String> got = new ArrayList<>();
      r.messages.forEach(m -> got.add(str(m)));
      if (i % 2 == 0) {
        assertThat(got).containsExactly("echo:" + req);
      } else {
        List<String> want = new ArrayList<>();
        for (int k = 0; k < perStream; k++) {
          want.add(req + "#" + k);
        }
        assertThat(got).containsExactlyElementsOf(want);
      }
    }
    assertThat(open.get()).isEqualTo(calls);
    Set<Integer> streams = new HashSet<>();
    h.toServer.blocks().forEach(b -> streams.add(b.stream()));
    assertThat(streams).hasSize(calls);
    assertWireClean();
  }

  // ------------------------------------------------------------------ 8. client cancels

  @Test
  void aClientCancelReachesTheHandlerAndOtherCallsGoOn() throws Exception {
    CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
    CompletableFuture<Void> contextCancelled = new CompletableFuture<>();
    ServerCallHandler<byte[], byte[]> stream =
        (call, headers) -> {
          Context.current().addListener(ctx -> contextCancelled.complete(null), Runnable::run);
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              call.sendHeaders(new Metadata());
              call.sendMessage(utf8("first"));
              // and then nothing: the client cancels
            }

            @Override
            public void onCancel() {
              cancelled.complete(call.isCancelled());
            }
          };
        };
    ServerCallHandler<byte[], byte[]> echo =
        (call, headers) -> {
          call.request(1);
          call.sendHeaders(new Metadata());
          return new ServerCall.Listener<>() {
            @Override
            public void onMessage(byte[] m) {
              call.sendMessage(utf8("re:" + str(m)));
              call.request(1);
            }

            @Override
            public void onHalfClose() {
              call.close(Status.OK, new Metadata());
            }
          };
        };
    start(service(UNARY, echoUnary(), SERVER_STREAM, stream, BIDI, echo));
    Recorder other = new Recorder(true);
    ClientCall<byte[], byte[]> o = h.start(BIDI, other);
    o.sendMessage(utf8("before"));
    assertThat(str(other.take())).isEqualTo("re:before");

    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(SERVER_STREAM, r);
    c.sendMessage(utf8("go"));
    c.halfClose();
    assertThat(str(r.take())).isEqualTo("first");
    c.cancel("the test cancels", null);
    assertThat(r.awaitStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(cancelled.get(TIMEOUT_S, TimeUnit.SECONDS)).as("isCancelled() in onCancel").isTrue();
    contextCancelled.get(TIMEOUT_S, TimeUnit.SECONDS);
    int s = h.toServer.lastStream("/ServerStream");
    assertThat(h.toServer.frames(FrameTap.RST_STREAM)).anyMatch(f -> f.stream() == s);

    o.sendMessage(utf8("after"));
    assertThat(str(other.take())).isEqualTo("re:after");
    o.halfClose();
    assertThat(other.awaitStatus()).isEqualTo(Status.OK);
    assertUnaryWorks();
    assertWireClean();
  }

  /** Client-streaming: the SHA-256 of everything received. */
  private static ServerCallHandler<byte[], byte[]> digestHandler() {
    return ServerCalls.asyncClientStreamingCall(
        (StreamObserver<byte[]> obs) ->
            new StreamObserver<byte[]>() {
              final MessageDigest d = H2Harness.sha256();

              @Override
              public void onNext(byte[] m) {
                d.update(m);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                obs.onNext(utf8(H2Harness.hex(d.digest())));
                obs.onCompleted();
              }
            });
  }

  /** Sends 8 MiB on a new client-streaming call and checks the server's digest of it. */
  private void eightMibStillGetThrough() throws Exception {
    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(CLIENT_STREAM, r);
    MessageDigest want = H2Harness.sha256();
    for (int i = 0; i < 64; i++) {
      byte[] m = random(300 + i, 128 * 1024);
      want.update(m);
      c.sendMessage(m);
    }
    c.halfClose();
    assertThat(r.awaitStatus()).as("8 MiB after the discarded streams").isEqualTo(Status.OK);
    assertThat(str(r.take())).isEqualTo(H2Harness.hex(want.digest()));
  }

  @Test
  void dataOfCancelledStreamsTheHandlerNeverReadGivesTheConnectionWindowBack() throws Exception {
    MethodDescriptor<byte[], byte[]> sink =
        method("Sink", MethodDescriptor.MethodType.CLIENT_STREAMING);
    java.util.concurrent.LinkedBlockingQueue<CompletableFuture<Void>> cancels =
        new java.util.concurrent.LinkedBlockingQueue<>();
    ServerCallHandler<byte[], byte[]> neverReads =
        (call, headers) -> {
          CompletableFuture<Void> f = new CompletableFuture<>();
          cancels.add(f);
          return new ServerCall.Listener<>() {
            @Override
            public void onCancel() {
              f.complete(null);
            }
          };
        };
    start(service(UNARY, echoUnary(), sink, neverReads, CLIENT_STREAM, digestHandler()));
    assertUnaryWorks();
    long streamWindow = h.toClient.setting(4, 65535);
    long enough = Math.min(streamWindow, 32 * 1024);
    for (int k = 0; k < 8; k++) {
      Recorder r = new Recorder(true);
      ClientCall<byte[], byte[]> c = h.start(sink, r);
      for (int i = 0; i < 32; i++) {
        c.sendMessage(random(k * 100 + i, 64 * 1024));
      }
      CompletableFuture<Void> cancelSeen = cancels.poll(TIMEOUT_S, TimeUnit.SECONDS);
      assertThat(cancelSeen).as("sink %d's handler started", k).isNotNull();
      int s = waitForStream("/Sink", k + 1);
      assertThat(h.toServer.await(t -> t.dataBytes(s) >= enough))
          .as("sink %d got %d bytes of its window to the server", k, enough)
          .isTrue();
      c.cancel("discard", null);
      assertThat(r.awaitStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
      cancelSeen.get(TIMEOUT_S, TimeUnit.SECONDS);
    }
    eightMibStillGetThrough();
    assertWireClean();
  }

  private int waitForStream(String pathEnd, int nth) throws InterruptedException {
    assertThat(
            h.toServer.await(
                t ->
                    t.blocks().stream()
                            .filter(b -> b.headers().path().toString().endsWith(pathEnd))
                            .count()
                        >= nth))
        .isTrue();
    return h.toServer.lastStream(pathEnd);
  }

  @Test
  void dataArrivingAfterTheServerEndedTheCallGivesTheConnectionWindowBack() throws Exception {
    MethodDescriptor<byte[], byte[]> early =
        method("Early", MethodDescriptor.MethodType.CLIENT_STREAMING);
    ServerCallHandler<byte[], byte[]> endsAtOnce =
        (call, headers) -> {
          call.close(Status.OK.withDescription("enough"), new Metadata());
          return new ServerCall.Listener<>() {};
        };
    start(service(UNARY, echoUnary(), early, endsAtOnce, CLIENT_STREAM, digestHandler()));
    for (int k = 0; k < 8; k++) {
      Recorder r = new Recorder(true);
      ClientCall<byte[], byte[]> c = h.start(early, r);
      for (int i = 0; i < 16; i++) {
        c.sendMessage(random(k * 100 + i, 64 * 1024));
      }
      // grpc-netty's server says OK; a RST_STREAM after the trailers may make it CANCELLED
      assertThat(r.awaitStatus().getCode()).isIn(Status.Code.OK, Status.Code.CANCELLED);
    }
    eightMibStillGetThrough();
    assertWireClean();
  }

  // ------------------------------------------------------------------ 9. server close()

  @Test
  void closeDuringAnOpenStreamEndsTheCallsAndServe() throws Exception {
    CompletableFuture<Void> handlerCancelled = new CompletableFuture<>();
    ServerCallHandler<byte[], byte[]> stream =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              call.sendHeaders(new Metadata());
              call.sendMessage(utf8("first"));
            }

            @Override
            public void onCancel() {
              handlerCancelled.complete(null);
            }
          };
        };
    start(service(SERVER_STREAM, stream));
    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(SERVER_STREAM, r);
    c.sendMessage(utf8("go"));
    c.halfClose();
    assertThat(str(r.take())).isEqualTo("first");
    h.server.close();
    // serve() returns although its socket is still open (the harness closes it only after)
    h.awaitServedNormally();
    handlerCancelled.get(TIMEOUT_S, TimeUnit.SECONDS);
    assertThat(r.awaitStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
    h.server.close(); // idempotent
    assertWireClean();
  }

  // ------------------------------------------------------------------ 10. client closes

  @Test
  void theClientClosingTheChannelEndsServeNormally() throws Exception {
    start(service(UNARY, echoUnary()));
    assertUnaryWorks();
    h.channel.shutdown();
    assertThat(h.channel.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    h.awaitServedNormally();
    assertWireClean();
  }

  @Test
  void theClientGoingAwayDuringACallCancelsItAndEndsServeNormally() throws Exception {
    CompletableFuture<Void> handlerCancelled = new CompletableFuture<>();
    ServerCallHandler<byte[], byte[]> stream =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              call.sendHeaders(new Metadata());
              call.sendMessage(utf8("first"));
            }

            @Override
            public void onCancel() {
              handlerCancelled.complete(null);
            }
          };
        };
    start(service(SERVER_STREAM, stream));
    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(SERVER_STREAM, r);
    c.sendMessage(utf8("go"));
    c.halfClose();
    assertThat(str(r.take())).isEqualTo("first");
    h.channel.shutdownNow();
    assertThat(h.channel.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    handlerCancelled.get(TIMEOUT_S, TimeUnit.SECONDS);
    h.awaitServedNormally();
  }

  // ------------------------------------------------------------------ 11. pings

  @Test
  void keepalivePingsAreAnsweredAndTheConnectionStaysUsable() throws Exception {
    h =
        new H2Harness(
            List.of(service(UNARY, echoUnary())),
            0,
            b ->
                b.keepAliveTime(10, TimeUnit.SECONDS) // the client's minimum
                    .keepAliveTimeout(20, TimeUnit.SECONDS)
                    .keepAliveWithoutCalls(true));
    assertUnaryWorks();
    long keepalive = 1111; // grpc-netty's payload for keep-alive pings
    assertThat(
            h.toClient.await(
                t ->
                    t.frames(FrameTap.PING).stream()
                            .filter(f -> f.ack() && f.payloadLong() == keepalive)
                            .count()
                        >= 2,
                90))
        .as("two keep-alive pings answered")
        .isTrue();
    assertThat(h.served).isNotDone();
    assertUnaryWorks();
    assertWireClean();
  }

  @Test
  void aRawPingIsAckedWithItsPayloadAndAnUnknownFrameTypeIsIgnored() throws Exception {
    start(service(UNARY, echoUnary()));
    try (Socket s = new Socket("127.0.0.1", h.listener.getLocalPort())) {
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
      OutputStream out = s.getOutputStream();
      out.write(FrameTap.PREFACE);
      out.write(frame(FrameTap.SETTINGS, 0, 0, new byte[0]));
      out.write(frame(0xab, 0, 0, utf8("an extension frame"))); // must be ignored (RFC 9113 5.5)
      out.write(frame(0xab, 0, 7, utf8("on a stream too")));
      out.write(frame(FrameTap.PING, 0, 0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
      out.flush();
      FrameTap seen = new FrameTap("raw server->client", false);
      Thread reader = readInto(s.getInputStream(), seen);
      assertThat(
              seen.await(
                  t ->
                      t.frames(FrameTap.PING).stream()
                          .anyMatch(f -> f.ack() && f.payloadLong() == 0x0102030405060708L)))
          .as("PING ack with the payload")
          .isTrue();
      assertThat(seen.await(t -> t.frames(FrameTap.SETTINGS).stream().anyMatch(f -> f.ack())))
          .as("our SETTINGS acked")
          .isTrue();
      assertThat(seen.frames(FrameTap.GOAWAY)).isEmpty();
      assertThat(seen.problems()).isEmpty();
      s.shutdownOutput();
      h.awaitServedNormally();
      reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
    }
  }

  static byte[] frame(int type, int flags, int stream, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
    b.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8));
    b.put((byte) payload.length).put((byte) type).put((byte) flags).putInt(stream).put(payload);
    return b.array();
  }

  static Thread readInto(InputStream in, FrameTap tap) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try {
                int n;
                while ((n = in.read(buf)) > 0) {
                  tap.feed(buf, 0, n);
                }
              } catch (java.io.IOException e) {
                // the socket closed
              }
            },
            "h2test-raw-reader");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A raw client's request on {@code stream}: HEADERS from {@code enc}, then one message. */
  private static void rawRequest(
      OutputStream out,
      io.netty.handler.codec.http2.Http2HeadersEncoder enc,
      int stream,
      String path,
      Metadata.Key<String> key,
      String value,
      byte[] message)
      throws Exception {
    io.netty.handler.codec.http2.Http2Headers headers =
        new io.netty.handler.codec.http2.DefaultHttp2Headers()
            .method("POST")
            .scheme("http")
            .path(path)
            .authority("localhost")
            .add("content-type", "application/grpc")
            .add("te", "trailers")
            .add(key.name(), value);
    io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
    enc.encodeHeaders(stream, headers, buf);
    byte[] block = new byte[buf.readableBytes()];
    buf.readBytes(block);
    assertThat(indexOf(block, value.getBytes(StandardCharsets.US_ASCII)))
        .as("the value is not on the wire as it is (Huffman-coded or indexed)")
        .isNegative();
    out.write(frame(FrameTap.HEADERS, 0x4, stream, block));
    out.write(frame(FrameTap.DATA, 0x1, stream, grpcFrame(message)));
    out.flush();
  }

  /** The window a peer's WINDOW_UPDATEs gave on {@code stream} (0: the connection). */
  private static long credit(FrameTap t, int stream) {
    return t.frames(FrameTap.WINDOW_UPDATE).stream()
        .filter(f -> f.stream() == stream)
        .mapToLong(f -> f.payloadInt())
        .sum();
  }

  static byte[] grpcFrame(byte[] message) {
    return ByteBuffer.allocate(5 + message.length)
        .put((byte) 0)
        .putInt(message.length)
        .put(message)
        .array();
  }

  @Test
  void aRawClientsHuffmanCodedAndIndexedHeadersAreDecoded() throws Exception {
    Metadata.Key<String> huff = Metadata.Key.of("x-huff", Metadata.ASCII_STRING_MARSHALLER);
    MethodDescriptor<byte[], byte[]> header = method("Header", MethodDescriptor.MethodType.UNARY);
    ServerCallHandler<byte[], byte[]> answersTheHeader =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              call.sendHeaders(new Metadata());
              call.sendMessage(utf8(String.valueOf(headers.get(huff))));
              call.close(Status.OK, new Metadata());
            }
          };
        };
    start(service(header, answersTheHeader));
    String value = "the quick brown fox jumps over the lazy dog, said the engine";
    try (Socket s = new Socket("127.0.0.1", h.listener.getLocalPort())) {
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
      OutputStream out = s.getOutputStream();
      out.write(FrameTap.PREFACE);
      out.write(frame(FrameTap.SETTINGS, 0, 0, new byte[0]));
      FrameTap seen = new FrameTap("raw server->client", false, true);
      readInto(s.getInputStream(), seen);
      assertThat(seen.await(t -> !t.frames(FrameTap.SETTINGS).isEmpty())).isTrue();
      out.write(frame(FrameTap.SETTINGS, 0x1, 0, new byte[0]));
      // Huffman's code for every string; the same fields twice, the second time from the table
      io.netty.handler.codec.http2.Http2HeadersEncoder enc =
          new io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder(
              io.netty.handler.codec.http2.Http2HeadersEncoder.NEVER_SENSITIVE, false, 16, 0);
      String path = "/" + H2Harness.SERVICE + "/Header";
      for (int stream : new int[] {1, 3}) {
        rawRequest(out, enc, stream, path, huff, value, utf8("x"));
        assertThat(
                seen.await(
                    t ->
                        t.blocks().stream()
                            .anyMatch(
                                b ->
                                    b.stream() == stream
                                        && b.headers().get("grpc-status") != null)))
            .as("stream %d answered", stream)
            .isTrue();
        FrameTap.Block trailers =
            seen.blocks().stream()
                .filter(b -> b.stream() == stream && b.headers().get("grpc-status") != null)
                .findFirst()
                .orElseThrow();
        assertThat(trailers.headers().get("grpc-status").toString()).isEqualTo("0");
        assertThat(seen.data(stream)).isEqualTo(grpcFrame(utf8(value)));
      }
      assertThat(seen.problems()).isEmpty();
    }
  }

  @Test
  void aRawClientsMessageCutIntoOneByteDataFramesIsReassembled() throws Exception {
    start(service(UNARY, echoUnary()));
    try (Socket s = new Socket("127.0.0.1", h.listener.getLocalPort())) {
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
      OutputStream out = s.getOutputStream();
      out.write(FrameTap.PREFACE);
      out.write(frame(FrameTap.SETTINGS, 0, 0, new byte[0]));
      FrameTap seen = new FrameTap("raw server->client", false, true);
      readInto(s.getInputStream(), seen);
      assertThat(seen.await(t -> !t.frames(FrameTap.SETTINGS).isEmpty())).isTrue();
      out.write(frame(FrameTap.SETTINGS, 0x1, 0, new byte[0]));
      io.netty.handler.codec.http2.Http2Headers headers =
          new io.netty.handler.codec.http2.DefaultHttp2Headers()
              .method("POST")
              .scheme("http")
              .path("/" + H2Harness.SERVICE + "/Unary")
              .authority("localhost")
              .add("content-type", "application/grpc")
              .add("te", "trailers");
      io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
      new io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder().encodeHeaders(1, headers, buf);
      byte[] block = new byte[buf.readableBytes()];
      buf.readBytes(block);
      // the header block itself in three pieces: HEADERS and two CONTINUATIONs
      int a = block.length / 3;
      int b = 2 * block.length / 3;
      out.write(frame(FrameTap.HEADERS, 0, 1, java.util.Arrays.copyOfRange(block, 0, a)));
      out.write(frame(FrameTap.CONTINUATION, 0, 1, java.util.Arrays.copyOfRange(block, a, b)));
      out.write(
          frame(
              FrameTap.CONTINUATION, 0x4, 1, java.util.Arrays.copyOfRange(block, b, block.length)));
      byte[] message = grpcFrame(utf8("cut into bytes"));
      for (byte x : message) {
        out.write(frame(FrameTap.DATA, 0, 1, new byte[] {x}));
      }
      out.write(frame(FrameTap.DATA, 0x1, 1, new byte[0]));
      out.flush();
      assertThat(
              seen.await(
                  t ->
                      t.blocks().stream()
                          .anyMatch(
                              x -> x.stream() == 1 && x.headers().get("grpc-status") != null)))
          .isTrue();
      assertThat(seen.data(1)).isEqualTo(grpcFrame(utf8("echo:cut into bytes")));
      assertThat(seen.problems()).isEmpty();
    }
  }

  @Test
  void paddingInARawClientsDataFramesIsCreditedBack() throws Exception {
    // RFC 9113 6.1: the whole DATA frame, padding included, counts against the windows
    AtomicLong got = new AtomicLong();
    start(
        service(
            CLIENT_STREAM,
            ServerCalls.asyncClientStreamingCall(
                (StreamObserver<byte[]> obs) ->
                    new StreamObserver<byte[]>() {
                      @Override
                      public void onNext(byte[] m) {
                        got.addAndGet(m.length);
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {
                        obs.onNext(utf8(Long.toString(got.get())));
                        obs.onCompleted();
                      }
                    })));
    try (Socket s = new Socket("127.0.0.1", h.listener.getLocalPort())) {
      s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
      OutputStream out = s.getOutputStream();
      out.write(FrameTap.PREFACE);
      out.write(frame(FrameTap.SETTINGS, 0, 0, new byte[0]));
      FrameTap seen = new FrameTap("raw server->client", false, true);
      readInto(s.getInputStream(), seen);
      assertThat(seen.await(t -> !t.frames(FrameTap.SETTINGS).isEmpty())).isTrue();
      // acked, the server's settings hold (its initial stream window among them)
      out.write(frame(FrameTap.SETTINGS, 0x1, 0, new byte[0]));
      long streamWindow = seen.setting(4, 65535);
      io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder enc =
          new io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder();
      io.netty.handler.codec.http2.Http2Headers headers =
          new io.netty.handler.codec.http2.DefaultHttp2Headers()
              .method("POST")
              .scheme("http")
              .path("/" + H2Harness.SERVICE + "/ClientStream")
              .authority("localhost")
              .add("content-type", "application/grpc")
              .add("te", "trailers");
      io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
      enc.encodeHeaders(1, headers, buf);
      byte[] block = new byte[buf.readableBytes()];
      buf.readBytes(block);
      out.write(frame(FrameTap.HEADERS, 0x4, 1, block));
      // each frame: a pad length byte, one 50-byte message, 200 bytes of padding
      byte[] payload = new byte[1 + 55 + 200];
      payload[0] = (byte) 200;
      System.arraycopy(grpcFrame(new byte[50]), 0, payload, 1, 55);
      long total = 3 * streamWindow;
      long sent = 0;
      int frames = 0;
      while (sent + payload.length <= total) {
        long s0 = sent;
        // the stream's window (its initial size and updates) and the connection's
        boolean open =
            seen.await(
                t ->
                    streamWindow + credit(t, 1) - s0 >= payload.length
                        && 65535 + credit(t, 0) - s0 >= payload.length);
        assertThat(open)
            .as(
                "window for frame %d after %d bytes: credit for the padding came back",
                frames, sent)
            .isTrue();
        out.write(frame(FrameTap.DATA, 0x8, 1, payload));
        out.flush();
        sent += payload.length;
        frames++;
      }
      out.write(frame(FrameTap.DATA, 0x1, 1, new byte[0]));
      out.flush();
      int n = frames;
      assertThat(seen.await(t -> t.data(1).length > 5)).isTrue();
      assertThat(str(java.util.Arrays.copyOfRange(seen.data(1), 5, seen.data(1).length)))
          .isEqualTo(Long.toString(50L * n));
    }
  }

  // ------------------------------------------------------------------ 12. bytesSent

  @Test
  void bytesSentGrowsAndEqualsWhatTheClientsSocketWasGiven() throws Exception {
    CompletableFuture<String> got = new CompletableFuture<>();
    MethodDescriptor<byte[], byte[]> mirror = method("Mirror", MethodDescriptor.MethodType.UNARY);
    start(
        service(
            UNARY,
            echoUnary(),
            mirror,
            ServerCalls.asyncUnaryCall(
                (byte[] req, StreamObserver<byte[]> obs) -> {
                  got.complete(sha(req));
                  obs.onNext(random(9, MIB));
                  obs.onCompleted();
                })));
    assertThat(h.server.bytesSent()).isZero();
    assertUnaryWorks();
    long first = h.server.bytesSent();
    assertThat(first).isPositive();
    List<Long> samples = new CopyOnWriteArrayList<>();
    AtomicLong last = new AtomicLong(first);
    Recorder r = new Recorder(true);
    r.onMessage = m -> samples.add(h.server.bytesSent());
    ClientCall<byte[], byte[]> c = h.start(mirror, r);
    c.sendMessage(new byte[1000]);
    c.halfClose();
    assertThat(r.awaitStatus()).isEqualTo(Status.OK);
    assertThat(sha(r.take())).isEqualTo(sha(random(9, MIB)));
    for (long s : samples) {
      assertThat(s).isGreaterThanOrEqualTo(last.get());
      last.set(s);
    }
    long second = h.server.bytesSent();
    assertThat(second).isGreaterThanOrEqualTo(first + MIB).isGreaterThanOrEqualTo(last.get());
    h.channel.shutdown();
    assertThat(h.channel.awaitTermination(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    h.awaitServedNormally();
    assertThat(h.server.bytesSent()).isEqualTo(h.toClient.bytes());
    assertWireClean();
  }

  // ------------------------------------------------------------------ beyond the brief's list

  @ParameterizedTest(name = "{0} bytes read before serve()")
  @ValueSource(ints = {1, 24, 33})
  void bytesReadBeforeServeAreServedFirst(int preRead) throws Exception {
    h = new H2Harness(List.of(service(UNARY, echoUnary())), preRead, b -> {});
    assertUnaryWorks();
    assertUnaryWorks();
    assertWireClean();
  }

  @Test
  void aPeerThatDoesNotSpeakHttp2EndsServe() throws Exception {
    start(service(UNARY, echoUnary()));
    try (Socket s = new Socket("127.0.0.1", h.listener.getLocalPort())) {
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      // serve() returns or throws, but does not wait for more: the socket stays open
      try {
        h.served.get(TIMEOUT_S, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
      }
    }
  }

  @Test
  void aConnectionResetEndsServe() throws Exception {
    start(service(UNARY, echoUnary()));
    try (Socket s = new Socket("127.0.0.1", h.listener.getLocalPort())) {
      s.getOutputStream().write(FrameTap.PREFACE);
      s.getOutputStream().write(frame(FrameTap.SETTINGS, 0, 0, new byte[0]));
      s.getOutputStream().flush();
      FrameTap seen = new FrameTap("raw server->client", false);
      readInto(s.getInputStream(), seen);
      assertThat(seen.await(t -> !t.frames(FrameTap.SETTINGS).isEmpty())).isTrue();
      s.setSoLinger(true, 0); // close() sends a TCP RST
    }
    try {
      h.served.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void aHandlerThatThrowsFailsItsCallButNotTheConnection() throws Exception {
    MethodDescriptor<byte[], byte[]> boom = method("Boom", MethodDescriptor.MethodType.UNARY);
    ServerCallHandler<byte[], byte[]> throwing =
        (call, headers) -> {
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onHalfClose() {
              throw new IllegalStateException("a handler's bug");
            }
          };
        };
    start(service(UNARY, echoUnary(), boom, throwing));
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(h.channel, boom, options(), utf8("x")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode())
                    .isNotIn(Status.Code.OK, Status.Code.DEADLINE_EXCEEDED));
    assertUnaryWorks();
    assertWireClean();
  }

  @Test
  void theClientsDeadlineIsTheHandlersAndItsExpiryCancelsTheCall() throws Exception {
    CompletableFuture<Deadline> deadline = new CompletableFuture<>();
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    MethodDescriptor<byte[], byte[]> never = method("Never", MethodDescriptor.MethodType.UNARY);
    ServerCallHandler<byte[], byte[]> silent =
        (call, headers) -> {
          deadline.complete(Context.current().getDeadline());
          call.request(1);
          return new ServerCall.Listener<>() {
            @Override
            public void onCancel() {
              cancelled.complete(null);
            }
          };
        };
    start(service(UNARY, echoUnary(), never, silent));
    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    h.channel,
                    never,
                    io.grpc.CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.SECONDS),
                    utf8("x")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    assertThat(deadline.get(TIMEOUT_S, TimeUnit.SECONDS)).as("grpc-timeout read").isNotNull();
    cancelled.get(TIMEOUT_S, TimeUnit.SECONDS);
    assertUnaryWorks();
    assertWireClean();
  }

  @Test
  void aGzipCompressedRequestIsReadOrRefusedAsUnimplemented() throws Exception {
    CompletableFuture<String> got = new CompletableFuture<>();
    start(service(UNARY, hashAndMirror(got)));
    byte[] req = utf8("compressible ".repeat(10_000));
    try {
      byte[] resp =
          ClientCalls.blockingUnaryCall(h.channel, UNARY, options().withCompression("gzip"), req);
      assertThat(got.get(TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo(sha(req));
      assertThat(sha(resp)).isEqualTo(sha(random(9, req.length)));
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
      assertThat(got).isNotDone();
    }
    assertWireClean();
  }

  @Test
  void threeHundredSequentialCallsAndEmptyMessages() throws Exception {
    ServerCallHandler<byte[], byte[]> empties =
        ServerCalls.asyncServerStreamingCall(
            (req, obs) -> {
              for (int i = 0; i < 100; i++) {
                obs.onNext(new byte[0]);
              }
              obs.onCompleted();
            });
    start(service(UNARY, echoUnary(), SERVER_STREAM, empties));
    for (int i = 0; i < 300; i++) {
      assertThat(str(unary(utf8("n" + i)))).isEqualTo("echo:n" + i);
    }
    assertThat(str(unary(new byte[0]))).isEqualTo("echo:");
    Recorder r = new Recorder(true);
    ClientCall<byte[], byte[]> c = h.start(SERVER_STREAM, r);
    c.sendMessage(new byte[0]);
    c.halfClose();
    assertThat(r.awaitStatus()).isEqualTo(Status.OK);
    assertThat(r.messages).hasSize(100).allMatch(m -> m.length == 0);
    assertWireClean();
  }
}
