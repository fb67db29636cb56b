package dev.dmsb.buildkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.dmsb.buildkit.proto.content.AbortRequest;
import dev.dmsb.buildkit.proto.content.InfoRequest;
import dev.dmsb.buildkit.proto.content.ReadContentRequest;
import dev.dmsb.buildkit.proto.content.ReadContentResponse;
import dev.dmsb.buildkit.proto.content.StatusRequest;
import dev.dmsb.buildkit.proto.content.UpdateRequest;
import dev.dmsb.buildkit.proto.content.WriteAction;
import dev.dmsb.buildkit.proto.content.WriteContentRequest;
import dev.dmsb.buildkit.proto.content.WriteContentResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content service over gRPC, called as BuildKit's daemon calls it through containerd's proxy
 * store: the store chosen by the {@code buildkit-attachable-store-id} header, ranges read, blobs
 * written with the STAT, WRITE, COMMIT exchange, containerd's error codes.
 */
class ContentServiceTest {
  @TempDir Path dir;
  private EventLoopGroup group;
  private Server server;
  private ManagedChannel channel;
  private Channel store;

  @BeforeEach
  void serve() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    LocalAddress address = new LocalAddress("content-test-" + UUID.randomUUID());
    server =
        NettyServerBuilder.forAddress(address)
            .channelType(LocalServerChannel.class)
            .bossEventLoopGroup(group)
            .workerEventLoopGroup(group)
            .addService(
                new ContentService(Map.of("local:" + dir, new LayoutStore(dir))).definition())
            .build()
            .start();
    channel =
        NettyChannelBuilder.forAddress(address)
            .channelType(LocalChannel.class)
            .eventLoopGroup(group)
            .usePlaintext()
            .build();
    store = withStore("local:" + dir);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private Channel withStore(String id) {
    Metadata headers = new Metadata();
    headers.put(ContentService.STORE_ID, id);
    return ClientInterceptors.intercept(
        channel, MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private String put(byte[] content) throws Exception {
    String digest = LayoutStoreTest.sha256(content);
    try (Ingest w = new LayoutStore(dir).write("put", 0, "")) {
      w.write(0, java.nio.ByteBuffer.wrap(content));
      w.commit(content.length, digest);
    }
    return digest;
  }

  private byte[] read(String digest, long offset, long size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Iterator<ReadContentResponse> it =
        ClientCalls.blockingServerStreamingCall(
            store,
            ContentService.READ,
            CallOptions.DEFAULT,
            ReadContentRequest.newBuilder()
                .setDigest(digest)
                .setOffset(offset)
                .setSize(size)
                .build());
    long expectedOffset = Math.max(0, offset);
    while (it.hasNext()) {
      ReadContentResponse r = it.next();
      assertThat(r.getOffset()).isEqualTo(expectedOffset);
      expectedOffset += r.getData().size();
      out.writeBytes(r.getData().toByteArray());
    }
    return out.toByteArray();
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void infoAndRangesOfABlob() throws Exception {
    byte[] content = new byte[1_000_000];
    new Random(7).nextBytes(content);
    String digest = put(content);
    var info =
        ClientCalls.blockingUnaryCall(
            store,
            ContentService.INFO,
            CallOptions.DEFAULT,
            InfoRequest.newBuilder().setDigest(digest).build());
    assertThat(info.getInfo().getDigest()).isEqualTo(digest);
    assertThat(info.getInfo().getSize()).isEqualTo(content.length);

    assertThat(read(digest, 0, 0)).isEqualTo(content);
    assertThat(read(digest, 10, 20)).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 30));
    assertThat(read(digest, 999_990, 100))
        .isEqualTo(java.util.Arrays.copyOfRange(content, 999_990, 1_000_000));
    assertThat(read(digest, 1_000_000, 0)).isEmpty();
    assertThat(code(() -> read(digest, 1_000_001, 0))).isEqualTo(Status.Code.OUT_OF_RANGE);
  }

  @Test
  void errorsHaveContainerdsCodes() throws Exception {
    String absent = "sha256:" + "0".repeat(64);
    assertThat(
            code(
                () ->
                    ClientCalls.blockingUnaryCall(
                        store,
                        ContentService.INFO,
                        CallOptions.DEFAULT,
                        InfoRequest.newBuilder().setDigest(absent).build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    ClientCalls.blockingUnaryCall(
                        store,
                        ContentService.INFO,
                        CallOptions.DEFAULT,
                        InfoRequest.newBuilder().setDigest("sha256:nope").build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(code(() -> read(absent, 0, 0))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(
            code(
                () ->
                    ClientCalls.blockingUnaryCall(
                        channel,
                        ContentService.INFO,
                        CallOptions.DEFAULT,
                        InfoRequest.newBuilder().setDigest(absent).build())))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThatThrownBy(
            () ->
                ClientCalls.blockingUnaryCall(
                    withStore("local:/elsewhere"),
                    ContentService.INFO,
                    CallOptions.DEFAULT,
                    InfoRequest.newBuilder().setDigest(absent).build()))
        .hasMessageContaining("unknown store local:/elsewhere");
    assertThat(
            code(
                () ->
                    ClientCalls.blockingUnaryCall(
                        store,
                        ContentService.UPDATE,
                        CallOptions.DEFAULT,
                        UpdateRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(
            code(
                () ->
                    ClientCalls.blockingUnaryCall(
                        store,
                        ContentService.ABORT,
                        CallOptions.DEFAULT,
                        AbortRequest.newBuilder().setRef("none").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  /** One Write call, one request and its answer at a time, as containerd's proxy writer. */
  private final class Writer implements StreamObserver<WriteContentResponse> {
    private final LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final java.util.concurrent.CountDownLatch closed =
        new java.util.concurrent.CountDownLatch(1);
    private final StreamObserver<WriteContentRequest> requests =
        ClientCalls.asyncBidiStreamingCall(
            store.newCall(ContentService.WRITE, CallOptions.DEFAULT), this);

    WriteContentResponse send(WriteContentRequest r) throws Exception {
      requests.onNext(r);
      Object a = answers.poll(10, TimeUnit.SECONDS);
      if (a instanceof Throwable t) {
        throw (StatusRuntimeException) t;
      }
      assertThat(a).as("an answer").isNotNull();
      return (WriteContentResponse) a;
    }

    /** Ends the call and waits for the server's end (by then it has let go of the ingest). */
    void end() throws Exception {
      requests.onCompleted();
      assertThat(closed.await(10, TimeUnit.SECONDS)).as("the server ended the call").isTrue();
    }

    @Override
    public void onNext(WriteContentResponse value) {
      answers.add(value);
    }

    @Override
    public void onError(Throwable t) {
      answers.add(t);
    }

    @Override
    public void onCompleted() {
      closed.countDown();
    }
  }

  private static WriteContentRequest stat(String ref, long total, String expected) {
    return WriteContentRequest.newBuilder()
        .setAction(WriteAction.STAT)
        .setRef(ref)
        .setTotal(total)
        .setExpected(expected)
        .build();
  }

  private static WriteContentRequest write(long offset, String data) {
    return WriteContentRequest.newBuilder()
        .setAction(WriteAction.WRITE)
        .setOffset(offset)
        .setData(ByteString.copyFromUtf8(data))
        .build();
  }

  private static WriteContentRequest commit(long offset, long total, String expected) {
    return WriteContentRequest.newBuilder()
        .setAction(WriteAction.COMMIT)
        .setOffset(offset)
        .setTotal(total)
        .setExpected(expected)
        .build();
  }

  @Test
  void aBlobIsWrittenInPiecesResumedAndCommitted() throws Exception {
    String content = "layer bytes, in two calls";
    String digest = LayoutStoreTest.sha256(content.getBytes(StandardCharsets.UTF_8));
    Writer first = new Writer();
    assertThat(first.send(stat("layer-sha256:x", content.length(), digest)).getOffset()).isZero();
    WriteContentResponse w = first.send(write(0, content.substring(0, 5)));
    assertThat(w.getOffset()).isEqualTo(5);
    assertThat(w.getDigest()).isEqualTo(LayoutStoreTest.sha256("layer".getBytes()));
    first.end();

    var status =
        ClientCalls.blockingUnaryCall(
            store,
            ContentService.STATUS,
            CallOptions.DEFAULT,
            StatusRequest.newBuilder().setRef("layer-sha256:x").build());
    assertThat(status.getStatus().getOffset()).isEqualTo(5);
    assertThat(status.getStatus().getTotal()).isEqualTo(content.length());

    Writer second = new Writer();
    WriteContentResponse resumed = second.send(stat("layer-sha256:x", content.length(), digest));
    assertThat(resumed.getOffset()).isEqualTo(5);
    assertThat(
            code(
                () -> {
                  try {
                    new Writer().send(stat("layer-sha256:x", 0, ""));
                  } catch (StatusRuntimeException e) {
                    throw e;
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                }))
        .isEqualTo(Status.Code.UNAVAILABLE);
    second.send(write(5, content.substring(5)));
    WriteContentResponse done = second.send(commit(content.length(), content.length(), digest));
    assertThat(done.getDigest()).isEqualTo(digest);
    assertThat(done.getOffset()).isEqualTo(content.length());
    assertThat(read(digest, 0, 0)).asString(StandardCharsets.UTF_8).isEqualTo(content);

    Writer again = new Writer();
    assertThatThrownBy(() -> again.send(stat("other", content.length(), digest)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
  }

  @Test
  void aCommitWithTheWrongDigestOrAnOffsetOutOfPlaceIsRefused() throws Exception {
    Writer w = new Writer();
    w.send(stat("bad", 0, ""));
    w.send(write(0, "abc"));
    assertThatThrownBy(() -> w.send(write(7, "d")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE));

    Writer v = new Writer();
    v.send(stat("bad2", 0, ""));
    v.send(write(0, "abc"));
    String wrong = "sha256:" + "1".repeat(64);
    assertThatThrownBy(() -> v.send(commit(3, 3, wrong)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription()).contains("unexpected commit digest");
            });
    assertThat(new LayoutStore(dir).info(wrong)).isEmpty();
    try (var blobs = Files.list(dir)) {
      assertThat(blobs.map(p -> p.getFileName().toString())).doesNotContain("blobs");
    }
  }
}
