package dev.dmsb.buildkit.content;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The blobs of an OCI image layout folder ({@code blobs/<algorithm>/<hex>}) as a content store, the
 * way containerd's local store keeps them: a blob is written under {@code ingest/<sha256 of the
 * ref>/data}, can be resumed by its ref, and is moved to its place by an atomic rename only once
 * its size and digest are checked. A blob in place is never written again, so concurrent writers
 * (builds into the same folder, other processes) at worst write the same bytes twice; one writer
 * per ref at a time is kept by a lock on the ingest's data file.
 */
public final class LayoutStore {
  private static final Pattern DIGEST =
      Pattern.compile("(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})");

  private final Path root;

  /** The store in {@code root} (made when a blob is first written). */
  public LayoutStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The layout folder. */
  public Path root() {
    return root;
  }

  /** A blob in place: its digest, size and last modification. */
  public record BlobInfo(String digest, long size, FileTime modified) {}

  /**
   * The blob's path for a digest {@code algorithm:hex}.
   *
   * @throws IllegalArgumentException when it is not a sha256 or sha512 digest
   */
  public Path blob(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("'" + digest + "' is not a sha256 or sha512 digest");
    }
    int colon = digest.indexOf(':');
    return root.resolve("blobs")
        .resolve(digest.substring(0, colon))
        .resolve(digest.substring(colon + 1));
  }

  /** The blob, if it is in place. */
  public Optional<BlobInfo> info(String digest) throws IOException {
    Path p = blob(digest);
    try {
      var attrs = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(new BlobInfo(digest, attrs.size(), attrs.lastModifiedTime()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Opens the blob for reading at any position. */
  public FileChannel read(String digest) throws IOException {
    return FileChannel.open(blob(digest), StandardOpenOption.READ);
  }

  /**
   * Starts or resumes the write known by {@code ref}: what an earlier, unfinished write of the same
   * ref left is kept (its bytes are hashed again), unless its recorded total differs from {@code
   * total}. {@code expected}: the digest the blob must have, or empty.
   *
   * @throws BlobExistsException when a blob with the expected digest is already in place
   * @throws RefLockedException when another writer holds the ref
   */
  public Ingest write(String ref, long total, String expected) throws IOException {
    if (ref == null || ref.isEmpty()) {
      throw new IllegalArgumentException("a write needs a ref");
    }
    String algorithm = "SHA-256";
    if (expected != null && !expected.isEmpty()) {
      if (info(expected).isPresent()) {
        throw new BlobExistsException(expected);
      }
      algorithm = expected.startsWith("sha512:") ? "SHA-512" : "SHA-256";
    }
    Path dir = ingestDir(ref);
    Files.createDirectories(dir);
    FileChannel data =
        FileChannel.open(
            dir.resolve("data"),
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    try {
      if (data.tryLock() == null) {
        throw new RefLockedException(ref);
      }
    } catch (java.nio.channels.OverlappingFileLockException e) {
      data.close();
      throw new RefLockedException(ref);
    } catch (IOException | RuntimeException e) {
      data.close();
      throw e;
    }
    try {
      Path refFile = dir.resolve("ref");
      Path totalFile = dir.resolve("total");
      boolean resumable =
          Files.exists(refFile)
              && Files.readString(refFile, StandardCharsets.UTF_8).equals(ref)
              && (total <= 0 || recordedTotal(totalFile) <= 0 || recordedTotal(totalFile) == total);
      if (!resumable) {
        data.truncate(0);
        writeSmall(refFile, ref);
        Files.deleteIfExists(totalFile);
      }
      if (total > 0) {
        writeSmall(totalFile, Long.toString(total));
      }
      MessageDigest digester = digester(algorithm);
      long offset = hash(data, digester);
      data.position(offset);
      return new Ingest(
          this, ref, dir, data, digester, offset, Math.max(total, recordedTotal(totalFile)));
    } catch (IOException | RuntimeException e) {
      data.close();
      throw e;
    }
  }

  /** Drops an unfinished write; false when there is none. */
  public boolean abort(String ref) throws IOException {
    Path dir = ingestDir(ref);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    deleteTree(dir);
    return true;
  }

  /**
   * An unfinished write.
   *
   * @param offset the bytes written so far
   * @param total the size announced, or 0
   */
  public record IngestStatus(long offset, long total) {}

  /** The state of an unfinished write, if there is one. */
  public Optional<IngestStatus> status(String ref) throws IOException {
    Path dir = ingestDir(ref);
    Path data = dir.resolve("data");
    if (!Files.exists(data)) {
      return Optional.empty();
    }
    return Optional.of(new IngestStatus(Files.size(data), recordedTotal(dir.resolve("total"))));
  }

  Path ingestDir(String ref) {
    return root.resolve("ingest")
        .resolve(hex(digester("SHA-256").digest(ref.getBytes(StandardCharsets.UTF_8))));
  }

  /** Moves a checked ingest's data into place; false when the blob was already there. */
  boolean place(Path data, String digest) throws IOException {
    Path target = blob(digest);
    Files.createDirectories(target.getParent());
    if (Files.exists(target)) {
      return false;
    }
    try {
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the blob stays writable
    }
    try {
      Files.move(data, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot move a blob into " + target + " atomically: " + e.getMessage(), e);
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    return true;
  }

  private static long recordedTotal(Path totalFile) throws IOException {
    try {
      return Long.parseLong(Files.readString(totalFile, StandardCharsets.US_ASCII).trim());
    } catch (NoSuchFileException | NumberFormatException e) {
      return 0;
    }
  }

  private static void writeSmall(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static long hash(FileChannel data, MessageDigest digester) throws IOException {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64 * 1024);
    long at = 0;
    data.position(0);
    int n;
    while ((n = data.read(buffer)) > 0) {
      buffer.flip();
      digester.update(buffer);
      buffer.clear();
      at += n;
    }
    return at;
  }

  static MessageDigest digester(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + algorithm, e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A blob with the digest asked for is already in the store. */
  public static final class BlobExistsException extends IOException {
    BlobExistsException(String digest) {
      super("blob " + digest + " exists");
    }
  }

  /** Another writer holds the ref. */
  public static final class RefLockedException extends IOException {
    RefLockedException(String ref) {
      super("ref " + ref + " is locked by another writer");
    }
  }
}
