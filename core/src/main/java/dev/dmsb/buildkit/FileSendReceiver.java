package dev.dmsb.buildkit;

import dev.dmsb.buildkit.proto.fsutil.Packet;
import dev.dmsb.buildkit.proto.fsutil.Stat;
import dev.dmsb.buildkit.proto.session.BytesMessage;
import dev.dmsb.engine.BuildOutput;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code moby.filesync.v1.FileSend/DiffCopy}: the engine sends the build's result. For a {@code
 * local} output the call carries fsutil packets with the engine as the sender: every entry is
 * written under the destination (folders, links, hard links; every file asked for, as the docker
 * CLI merges into the folder), then {@code FIN} both ways. For a {@code tar} output it carries the
 * archive as byte messages, written to the file as they come. Paths that are absolute or climb out
 * with {@code ..} are refused. The payload differs by output type, so the method takes raw bytes.
 */
final class FileSendReceiver {
  static final MethodDescriptor<byte[], byte[]> DIFF_COPY =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName("moby.filesync.v1.FileSend/DiffCopy")
          .setRequestMarshaller(new Raw())
          .setResponseMarshaller(new Raw())
          .build();

  private final BuildOutput output;

  FileSendReceiver(BuildOutput output) {
    this.output = output;
  }

  ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder("moby.filesync.v1.FileSend")
        .addMethod(DIFF_COPY, ServerCalls.asyncBidiStreamingCall(this::call))
        .build();
  }

  private StreamObserver<byte[]> call(StreamObserver<byte[]> out) {
    try {
      return output.archive() ? new TarWriting(output.dest(), out) : new Local(out);
    } catch (IOException e) {
      out.onError(
          Status.INTERNAL
              .withDescription("cannot write " + output.dest() + ": " + e.getMessage())
              .asRuntimeException());
      return new TarWriting.Ignore();
    }
  }

  /** A tar output: the bytes into the file, the call answered when the engine is done. */
  private static final class TarWriting implements StreamObserver<byte[]> {
    private final OutputStream file;
    private final StreamObserver<byte[]> out;

    TarWriting(Path dest, StreamObserver<byte[]> out) throws IOException {
      Path parent = dest.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.file = Files.newOutputStream(dest);
      this.out = out;
    }

    @Override
    public void onNext(byte[] message) {
      try {
        BytesMessage.parseFrom(message).getData().writeTo(file);
      } catch (IOException e) {
        out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
      }
    }

    @Override
    public void onError(Throwable t) {
      close();
    }

    @Override
    public void onCompleted() {
      close();
      out.onCompleted();
    }

    private void close() {
      try {
        file.close();
      } catch (IOException e) {
        // the engine learns nothing more; the file is what was written
      }
    }

    /** For a call that already failed. */
    static final class Ignore implements StreamObserver<byte[]> {
      @Override
      public void onNext(byte[] value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    }
  }

  /** A local output: fsutil's receiving side, merging into the destination folder. */
  private final class Local implements StreamObserver<byte[]> {
    private final StreamObserver<byte[]> out;
    private final Path root;
    private final Map<Integer, Stat> pending = new HashMap<>();
    private final Map<Integer, OutputStream> open = new HashMap<>();
    private int next;
    private boolean statsDone;
    private boolean finSent;

    Local(StreamObserver<byte[]> out) throws IOException {
      this.out = out;
      Path dest = output.dest().toAbsolutePath();
      if (!Files.isDirectory(dest)) {
        // as the docker CLI makes it: readable by the user only
        Files.createDirectories(dest.getParent());
        Files.createDirectory(
            dest,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                EnumSet.of(
                    PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE)));
      }
      this.root = dest.toRealPath();
    }

    @Override
    public synchronized void onNext(byte[] message) {
      try {
        Packet p = Packet.parseFrom(message);
        switch (p.getType()) {
          case PACKET_STAT -> stat(p);
          case PACKET_DATA -> data(p);
          case PACKET_FIN -> out.onCompleted();
          case PACKET_ERR -> fail("error from sender: " + p.getData().toStringUtf8());
          default -> {
            // REQ travels the other way
          }
        }
      } catch (IOException e) {
        fail(e.getMessage());
      }
    }

    private void stat(Packet p) throws IOException {
      if (!p.hasStat()) {
        statsDone = true;
        maybeFinish();
        return;
      }
      Stat s = p.getStat();
      int id = next++;
      Path target = inside(s.getPath());
      int mode = s.getMode();
      if ((mode & GoFileMode.DIR) != 0) {
        Files.createDirectories(target);
        setTimesAndMode(target, s);
      } else if ((mode & GoFileMode.SYMLINK) != 0) {
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        Files.createSymbolicLink(target, Path.of(s.getLinkname()));
        try {
          Files.getFileAttributeView(
                  target, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setTimes(FileTime.from(s.getModTime(), TimeUnit.NANOSECONDS), null, null);
        } catch (IOException e) {
          // a link's own time, where the platform cannot set it, stays the time it was made
        }
      } else if (GoFileMode.isRegular(mode)) {
        Files.createDirectories(target.getParent());
        if (!s.getLinkname().isEmpty()) {
          Files.deleteIfExists(target);
          Files.createLink(target, inside(s.getLinkname()));
        } else {
          pending.put(id, s);
          open.put(
              id,
              Files.newOutputStream(
                  target,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  StandardOpenOption.WRITE));
          out.onNext(
              Packet.newBuilder()
                  .setType(Packet.PacketType.PACKET_REQ)
                  .setID(id)
                  .build()
                  .toByteArray());
        }
      }
      // devices, fifos and sockets are not made: a user's folder has no use for them
    }

    private void data(Packet p) throws IOException {
      OutputStream file = open.get(p.getID());
      if (file == null) {
        throw new IOException("data for a file not asked for: " + p.getID());
      }
      if (p.getData().isEmpty()) {
        file.close();
        open.remove(p.getID());
        Stat s = pending.remove(p.getID());
        setTimesAndMode(inside(s.getPath()), s);
        maybeFinish();
      } else {
        p.getData().writeTo(file);
      }
    }

    private void maybeFinish() {
      if (statsDone && pending.isEmpty() && !finSent) {
        finSent = true;
        out.onNext(Packet.newBuilder().setType(Packet.PacketType.PACKET_FIN).build().toByteArray());
      }
    }

    private Path inside(String rel) throws IOException {
      Path p = root.resolve(rel).normalize();
      if (rel.startsWith("/") || !p.startsWith(root) || p.equals(root)) {
        throw new IOException("the engine sent a path outside the output folder: " + rel);
      }
      return p;
    }

    private void setTimesAndMode(Path p, Stat s) throws IOException {
      Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
      PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
      for (int i = 0; i < 9; i++) {
        if ((s.getMode() & (1 << (8 - i))) != 0) {
          perms.add(order[i]);
        }
      }
      Files.setPosixFilePermissions(p, perms);
      Files.getFileAttributeView(
              p, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(FileTime.from(s.getModTime(), TimeUnit.NANOSECONDS), null, null);
    }

    private void fail(String why) {
      for (OutputStream o : open.values()) {
        try {
          o.close();
        } catch (IOException e) {
          // failing anyway
        }
      }
      out.onError(Status.INTERNAL.withDescription(why).asRuntimeException());
    }

    @Override
    public synchronized void onError(Throwable t) {
      for (OutputStream o : open.values()) {
        try {
          o.close();
        } catch (IOException e) {
          // the call is gone
        }
      }
    }

    @Override
    public synchronized void onCompleted() {
      // the engine closed its side after our FIN
    }
  }

  /** Messages as their bytes. */
  private static final class Raw implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException();
      }
    }
  }
}
