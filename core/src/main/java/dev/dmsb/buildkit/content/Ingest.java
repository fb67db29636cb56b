package dev.dmsb.buildkit.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * One write into a {@link LayoutStore}, open from {@link LayoutStore#write} until {@link #commit}
 * or {@link #close}: bytes are appended to the ingest file and hashed as they come, so a blob is
 * never held in memory. Closing without a commit keeps the ingest for a later write of the same ref
 * to resume.
 */
public final class Ingest implements AutoCloseable {
  private final LayoutStore store;
  private final String ref;
  private final Path dir;
  private final FileChannel data;
  private MessageDigest digester;
  private final String algorithm;
  private long offset;
  private long total;
  private boolean closed;

  Ingest(
      LayoutStore store,
      String ref,
      Path dir,
      FileChannel data,
      MessageDigest digester,
      long offset,
      long total) {
    this.store = store;
    this.ref = ref;
    this.dir = dir;
    this.data = data;
    this.digester = digester;
    this.algorithm = digester.getAlgorithm();
    this.offset = offset;
    this.total = total;
  }

  /** The ref of this write. */
  public String ref() {
    return ref;
  }

  /** Bytes written so far (resumed ones included). */
  public long offset() {
    return offset;
  }

  /** The size announced, or 0. */
  public long total() {
    return total;
  }

  /** Records the size announced later (a commit's). */
  public void total(long total) {
    if (total > 0) {
      this.total = total;
    }
  }

  /** The digest of the bytes written so far. */
  public String digest() {
    try {
      MessageDigest copy = (MessageDigest) digester.clone();
      return prefix() + LayoutStore.hex(copy.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's digests can be cloned", e);
    }
  }

  private String prefix() {
    return algorithm.equals("SHA-512") ? "sha512:" : "sha256:";
  }

  /**
   * Writes {@code bytes} at {@code at}: the current offset, or 0 to start over (what was written is
   * dropped).
   *
   * @throws IllegalArgumentException when {@code at} is neither
   */
  public void write(long at, ByteBuffer bytes) throws IOException {
    if (at != offset) {
      if (at != 0) {
        throw new IllegalArgumentException(
            "write at " + at + " must be at the current offset " + offset);
      }
      data.truncate(0);
      data.position(0);
      offset = 0;
      digester = LayoutStore.digester(algorithm);
    }
    ByteBuffer hashing = bytes.duplicate();
    while (bytes.hasRemaining()) {
      offset += data.write(bytes);
    }
    digester.update(hashing);
  }

  /**
   * Checks the size ({@code size}, or the total announced, when not 0) and the digest ({@code
   * expected}, when not empty) and moves the blob into place. A blob that fails either check is
   * dropped, and so is one whose digest is already in place (the store has it).
   *
   * @return the blob's digest
   * @throws BadBlobException when the size or the digest is not the one expected
   * @throws LayoutStore.BlobExistsException when the blob was in place already
   */
  public String commit(long size, String expected) throws IOException {
    total(size);
    String actual = digest();
    try {
      if (total > 0 && total != offset) {
        throw new BadBlobException(
            "unexpected commit size " + offset + ", expected " + total + " (" + ref + ")");
      }
      if (expected != null && !expected.isEmpty() && !expected.equals(actual)) {
        throw new BadBlobException(
            "unexpected commit digest " + actual + ", expected " + expected + " (" + ref + ")");
      }
      data.force(true);
      boolean placed = store.place(dir.resolve("data"), actual);
      if (!placed) {
        throw new LayoutStore.BlobExistsException(actual);
      }
      return actual;
    } finally {
      // the ingest goes while its lock is held, so no other writer resumes what is moved away
      closed = true;
      try {
        LayoutStore.deleteTree(dir);
      } finally {
        data.close();
      }
    }
  }

  /** Ends the write, keeping what was written for a later resume. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      data.close();
    }
  }

  /** A blob whose size or digest is not the one announced. */
  public static final class BadBlobException extends IOException {
    BadBlobException(String message) {
      super(message);
    }
  }
}
