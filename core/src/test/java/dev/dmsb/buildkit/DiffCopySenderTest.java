package dev.dmsb.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.buildkit.proto.fsutil.Packet;
import dev.dmsb.buildkit.proto.fsutil.Packet.PacketType;
import dev.dmsb.engine.SyncFilter;
import dev.dmsb.engine.SyncedDirectory;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fsutil's packet flow, with this test as the receiver. */
class DiffCopySenderTest {
  @TempDir Path dir;

  private final Receiver out = new Receiver();

  private StreamObserver<Packet> start() {
    DiffCopySender sender =
        new DiffCopySender(
            new SyncedDirectory.Folder("context", dir, SyncFilter.everything()),
            IncludePatterns.everything(),
            null,
            out,
            new DiffCopySender.Counters());
    StreamObserver<Packet> in = sender.inbound();
    Thread t = new Thread(sender, "test-sender");
    t.setDaemon(true);
    t.start();
    return in;
  }

  private static Packet req(int id) {
    return Packet.newBuilder().setType(PacketType.PACKET_REQ).setID(id).build();
  }

  @Test
  void statsThenAnEmptyStatThenRequestedFilesInChunksThenFin() throws Exception {
    Files.createDirectories(dir.resolve("d"));
    byte[] big = new byte[70_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    Files.write(dir.resolve("d/big"), big);
    Files.writeString(dir.resolve("e"), "");
    Files.writeString(dir.resolve("small"), "hi");
    StreamObserver<Packet> in = start();
    // IDs count every STAT: d=0, d/big=1, e=2, small=3
    List<String> stats = List.of("d", "d/big", "e", "small");
    for (String path : stats) {
      Packet p = out.next();
      assertThat(p.getType()).isEqualTo(PacketType.PACKET_STAT);
      assertThat(p.getStat().getPath()).isEqualTo(path);
    }
    Packet end = out.next();
    assertThat(end.getType()).isEqualTo(PacketType.PACKET_STAT);
    assertThat(end.hasStat()).isFalse();
    assertThat(end.toByteArray()).as("the end of the list is an empty message").isEmpty();

    in.onNext(req(3));
    in.onNext(req(1));
    assertThat(out.next().getData().toStringUtf8()).isEqualTo("hi");
    Packet eof = out.next();
    assertThat(eof.getType()).isEqualTo(PacketType.PACKET_DATA);
    assertThat(eof.getID()).isEqualTo(3);
    assertThat(eof.getData().isEmpty()).isTrue();
    int[] sizes = new int[3];
    java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 3; i++) {
      Packet p = out.next();
      assertThat(p.getID()).isEqualTo(1);
      sizes[i] = p.getData().size();
      p.getData().writeTo(got);
    }
    assertThat(sizes).containsExactly(32768, 32768, 70_000 - 65536);
    assertThat(got.toByteArray()).isEqualTo(big);
    assertThat(out.next().getData().isEmpty()).isTrue();

    in.onNext(Packet.newBuilder().setType(PacketType.PACKET_FIN).build());
    assertThat(out.next().getType()).isEqualTo(PacketType.PACKET_FIN);
    assertThat(out.completed.poll(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anUnknownFileIdIsAnError() throws Exception {
    Files.writeString(dir.resolve("only"), "x");
    StreamObserver<Packet> in = start();
    out.next();
    out.next();
    in.onNext(req(7));
    Packet err = out.next();
    assertThat(err.getType()).isEqualTo(PacketType.PACKET_ERR);
    assertThat(err.getData().toStringUtf8()).contains("invalid file id 7");
  }

  @Test
  void nothingIsSentWhileFlowControlSaysWait() throws Exception {
    Files.writeString(dir.resolve("f"), "x");
    out.ready = false;
    start();
    assertThat(out.packets.poll(300, TimeUnit.MILLISECONDS)).isNull();
    out.becomeReady();
    assertThat(out.next().getStat().getPath()).isEqualTo("f");
  }

  /** The stream towards the engine, recording what the sender sends. */
  static final class Receiver extends ServerCallStreamObserver<Packet> {
    final LinkedBlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Boolean> completed = new LinkedBlockingQueue<>();
    volatile boolean ready = true;
    private Runnable onReady = () -> {};

    Packet next() throws InterruptedException {
      Packet p = packets.poll(10, TimeUnit.SECONDS);
      assertThat(p).as("a packet within 10 s").isNotNull();
      return p;
    }

    void becomeReady() {
      ready = true;
      onReady.run();
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {}

    @Override
    public void setCompression(String compression) {}

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {
      this.onReady = onReadyHandler;
    }

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(Packet value) {
      packets.add(value);
    }

    @Override
    public void onError(Throwable t) {
      completed.add(false);
    }

    @Override
    public void onCompleted() {
      completed.add(true);
    }
  }
}
