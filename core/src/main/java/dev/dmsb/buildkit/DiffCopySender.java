package dev.dmsb.buildkit;

import com.google.protobuf.ByteString;
import dev.dmsb.buildkit.proto.fsutil.Packet;
import dev.dmsb.engine.SyncedDirectory;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sending side of one {@code FileSync.DiffCopy} call (fsutil's {@code Send}): every entry as a
 * {@code STAT} packet, an empty {@code STAT} to end the list, then the content of each file the
 * receiver asks for ({@code REQ} with the file's ID: the index of its {@code STAT} among all of
 * them) in 32 KiB {@code DATA} packets ending with an empty one; the receiver's {@code FIN} is
 * answered with a {@code FIN}. Packets go out only while gRPC's flow control lets them, so a large
 * file never waits in memory. Runs on a thread of its own; the receiver's packets arrive through
 * {@link #inbound()}. A folder's entries come from what was read of it ahead when there is that
 * ({@code ahead}, else null).
 */
final class DiffCopySender implements Runnable {
  static final int CHUNK = 32 * 1024;
  private static final int FIN = -1;
  private static final int GONE = -2;

  private final SyncedDirectory dir;
  private final IncludePatterns includes;
  private final SyncTree.ReadAhead ahead;
  private final ServerCallStreamObserver<Packet> out;
  private final Counters counters;
  private final LinkedBlockingQueue<Integer> requests = new LinkedBlockingQueue<>();
  private final Map<Integer, SyncWalk.Entry> files = new HashMap<>();
  private final Object ready = new Object();
  private volatile String receiverError;

  /** What all file-sync calls of a session sent. */
  static final class Counters {
    final AtomicLong entries = new AtomicLong();
    final AtomicLong files = new AtomicLong();
    final AtomicLong fileBytes = new AtomicLong();
  }

  DiffCopySender(
      SyncedDirectory dir,
      IncludePatterns includes,
      SyncTree.ReadAhead ahead,
      ServerCallStreamObserver<Packet> out,
      Counters counters) {
    this.dir = dir;
    this.includes = includes;
    this.ahead = ahead;
    this.out = out;
    this.counters = counters;
    out.setOnReadyHandler(this::wake);
    out.setOnCancelHandler(
        () -> {
          requests.add(GONE);
          wake();
        });
  }

  /** The receiver's packets. */
  StreamObserver<Packet> inbound() {
    return new StreamObserver<>() {
      @Override
      public void onNext(Packet p) {
        switch (p.getType()) {
          case PACKET_REQ -> requests.add(p.getID());
          case PACKET_FIN -> requests.add(FIN);
          case PACKET_ERR -> {
            receiverError = p.getData().toString(StandardCharsets.UTF_8);
            requests.add(GONE);
          }
          default -> {
            // STAT and DATA only travel the other way
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        requests.add(GONE);
        wake();
      }

      @Override
      public void onCompleted() {
        requests.add(GONE);
        wake();
      }
    };
  }

  @Override
  public void run() {
    try {
      int[] id = {0};
      SyncWalk.walk(
          dir,
          includes,
          ahead,
          entry -> {
            int i = id[0]++;
            if (GoFileMode.isRegular(entry.stat().getMode())) {
              files.put(i, entry);
            }
            send(Packet.newBuilder().setType(Packet.PacketType.PACKET_STAT).setStat(entry.stat()));
            counters.entries.incrementAndGet();
          });
      send(Packet.newBuilder().setType(Packet.PacketType.PACKET_STAT));
      while (true) {
        int r = requests.take();
        if (r == FIN) {
          send(Packet.newBuilder().setType(Packet.PacketType.PACKET_FIN));
          out.onCompleted();
          return;
        }
        if (r == GONE) {
          if (receiverError != null) {
            out.onError(
                Status.CANCELLED
                    .withDescription("error from receiver: " + receiverError)
                    .asRuntimeException());
          }
          return;
        }
        sendFile(r);
      }
    } catch (Gone e) {
      // the engine cancelled the call or the session closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.onError(Status.CANCELLED.asRuntimeException());
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      try {
        send(
            Packet.newBuilder()
                .setType(Packet.PacketType.PACKET_ERR)
                .setData(ByteString.copyFromUtf8(message)));
        out.onCompleted();
      } catch (IOException g) {
        // nothing left to tell
      }
    }
  }

  private void sendFile(int id) throws IOException {
    SyncWalk.Entry entry = files.remove(id);
    if (entry == null) {
      throw new IOException("invalid file id " + id);
    }
    counters.files.incrementAndGet();
    if (entry.content() != null) {
      byte[] c = entry.content();
      for (int off = 0; off < c.length; off += CHUNK) {
        data(id, ByteString.copyFrom(c, off, Math.min(CHUNK, c.length - off)));
      }
    } else {
      try (InputStream in = Files.newInputStream(entry.file())) {
        byte[] buffer = new byte[CHUNK];
        while (true) {
          int n = in.readNBytes(buffer, 0, CHUNK);
          if (n <= 0) {
            break;
          }
          data(id, ByteString.copyFrom(buffer, 0, n));
          if (n < CHUNK) {
            break;
          }
        }
      } catch (NoSuchFileException e) {
        // removed since it was listed: sent empty, as fsutil's sender does
      }
    }
    send(Packet.newBuilder().setType(Packet.PacketType.PACKET_DATA).setID(id));
  }

  private void data(int id, ByteString chunk) throws IOException {
    send(Packet.newBuilder().setType(Packet.PacketType.PACKET_DATA).setID(id).setData(chunk));
    counters.fileBytes.addAndGet(chunk.size());
  }

  private void send(Packet.Builder packet) throws IOException {
    synchronized (ready) {
      while (!out.isReady()) {
        if (out.isCancelled() || requests.contains(GONE)) {
          throw new Gone();
        }
        try {
          ready.wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Gone();
        }
      }
    }
    if (out.isCancelled()) {
      throw new Gone();
    }
    out.onNext(packet.build());
  }

  private void wake() {
    synchronized (ready) {
      ready.notifyAll();
    }
  }

  /** The call ended under the sender. */
  private static final class Gone extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
