package dev.dmsb.engine.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands the build context from the thread that writes it to the thread that sends the request, in
 * chunks through a bounded queue (at most {@value #CHUNKS} × {@value #CHUNK_SIZE} bytes held), so
 * memory stays bounded whatever the context size and no temporary file is needed.
 *
 * <p>Unlike {@code PipedInputStream}, a failure of the writer reaches the reader as an {@link
 * IOException}, so the HTTP request is aborted instead of ending as a clean, truncated tar; and a
 * reader that stops (the engine answered early, the build was cancelled) unblocks the writer.
 */
final class ContextPipe {
  static final int CHUNK_SIZE = 64 * 1024;
  static final int CHUNKS = 16;

  private static final byte[] END = new byte[0];
  private static final byte[] FAILED = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS);
  private final AtomicLong bytesRead = new AtomicLong();
  private volatile boolean readerClosed;
  private volatile Throwable writerFailure;

  /** The stream the context writer writes to. Closing it does not end the context: see finish. */
  OutputStream sink() {
    return new Sink();
  }

  /** The stream the request body is read from. */
  InputStream source() {
    return new Source();
  }

  /** The writer completed: the reader sees the end of the stream after the data. */
  void finish(OutputStream sink) throws IOException {
    ((Sink) sink).flushChunk();
    put(END);
  }

  /** The writer failed: the reader sees an IOException after the data already queued. */
  void fail(Throwable failure) {
    writerFailure = failure;
    try {
      put(FAILED);
    } catch (IOException e) {
      // The reader is gone; nothing is waiting for the failure marker.
    }
  }

  /** What the writer threw, if it failed. */
  Throwable writerFailure() {
    return writerFailure;
  }

  /** Bytes handed to the request so far. */
  long bytesRead() {
    return bytesRead.get();
  }

  private void put(byte[] chunk) throws IOException {
    try {
      while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (readerClosed) {
          throw new IOException("the engine stopped reading the build context");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending the build context", e);
    }
  }

  private final class Sink extends OutputStream {
    private byte[] buffer = new byte[CHUNK_SIZE];
    private int filled;
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("the build context stream is closed");
      }
      if (readerClosed) {
        throw new IOException("the engine stopped reading the build context");
      }
      while (len > 0) {
        int n = Math.min(len, CHUNK_SIZE - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == CHUNK_SIZE) {
          flushChunk();
        }
      }
    }

    void flushChunk() throws IOException {
      if (filled > 0) {
        byte[] chunk = filled == CHUNK_SIZE ? buffer : java.util.Arrays.copyOf(buffer, filled);
        put(chunk);
        buffer = new byte[CHUNK_SIZE];
        filled = 0;
      }
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        flushChunk();
        closed = true;
      }
    }
  }

  private final class Source extends InputStream {
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (position == current.length) {
        if (ended) {
          return -1;
        }
        byte[] next;
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while sending the build context", e);
        }
        if (next == END) {
          ended = true;
          return -1;
        }
        if (next == FAILED) {
          throw new IOException("writing the build context failed", writerFailure);
        }
        current = next;
        position = 0;
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      bytesRead.addAndGet(n);
      return n;
    }

    @Override
    public void close() {
      readerClosed = true;
      queue.clear();
    }
  }
}
