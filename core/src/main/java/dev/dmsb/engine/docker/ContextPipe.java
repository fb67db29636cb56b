package dev.dmsb.engine.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the build context from the thread that writes it to the thread that sends the request, in
 * chunks through a bounded queue, so memory stays bounded whatever the context size (at most
 * {@value #CHUNKS} + 2 buffers of {@value #CHUNK_SIZE} bytes: those queued, the one being filled
 * and the one being sent) and no temporary file is needed.
 *
 * <p>The buffers are recycled: a drained one goes back to the writer, so sending a context of any
 * size allocates no more than those buffers. Chunks are large so that the two threads meet rarely
 * (a hand-off costs a lock and often a wake-up) while the HTTP client reads in small pieces.
 *
 * <p>Unlike {@code PipedInputStream}, a failure of the writer reaches the reader as an {@link
 * IOException}, so the HTTP request is aborted instead of ending as a clean, truncated tar; and a
 * reader that stops (the engine answered early, the build was cancelled) unblocks the writer.
 */
final class ContextPipe {
  static final int CHUNK_SIZE = 256 * 1024;
  static final int CHUNKS = 8;
  private static final int BUFFERS = CHUNKS + 2;
  private static final long POLL_MILLIS = 100;

  /** A filled buffer, or one of the two markers (a null buffer). */
  private record Chunk(byte[] data, int length) {}

  private static final Chunk END = new Chunk(null, 0);
  private static final Chunk FAILED = new Chunk(null, -1);

  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS);
  private final BlockingQueue<byte[]> drained = new ArrayBlockingQueue<>(BUFFERS);
  private int allocated; // writer thread only
  private volatile long bytesRead; // written by the reader thread only
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

  /** How many buffers the writer has made so far (never more than {@value #CHUNKS} + 2). */
  int buffersAllocated() {
    return allocated;
  }

  /** Bytes handed to the request so far. */
  long bytesRead() {
    return bytesRead;
  }

  private void put(Chunk chunk) throws IOException {
    try {
      while (!filled.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        checkReader();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending the build context", e);
    }
  }

  /** A buffer to fill: a drained one, or a new one while fewer than the bound exist. */
  private byte[] emptyBuffer() throws IOException {
    byte[] buffer = drained.poll();
    if (buffer != null) {
      return buffer;
    }
    if (allocated < BUFFERS) {
      allocated++;
      return new byte[CHUNK_SIZE];
    }
    try {
      while ((buffer = drained.poll(POLL_MILLIS, TimeUnit.MILLISECONDS)) == null) {
        checkReader();
      }
      return buffer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending the build context", e);
    }
  }

  private void checkReader() throws IOException {
    if (readerClosed) {
      throw new IOException("the engine stopped reading the build context");
    }
  }

  private final class Sink extends OutputStream {
    private byte[] buffer;
    private int length;
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
      checkReader();
      while (len > 0) {
        if (buffer == null) {
          buffer = emptyBuffer();
        }
        int n = Math.min(len, CHUNK_SIZE - length);
        System.arraycopy(b, off, buffer, length, n);
        length += n;
        off += n;
        len -= n;
        if (length == CHUNK_SIZE) {
          flushChunk();
        }
      }
    }

    void flushChunk() throws IOException {
      if (length > 0) {
        put(new Chunk(buffer, length));
        buffer = null;
        length = 0;
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
    private byte[] current;
    private int length;
    private int position;
    private boolean ended;
    private boolean failed;

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
      while (position == length) {
        if (ended) {
          return -1;
        }
        if (failed) {
          throw new IOException("writing the build context failed", writerFailure);
        }
        if (current != null) {
          // Never blocks: there are at most BUFFERS buffers, and this queue holds that many.
          drained.offer(current);
          current = null;
        }
        Chunk next;
        try {
          next = filled.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while sending the build context", e);
        }
        if (next == END) {
          ended = true;
          return -1;
        }
        if (next == FAILED) {
          failed = true;
          throw new IOException("writing the build context failed", writerFailure);
        }
        current = next.data();
        length = next.length();
        position = 0;
      }
      int n = Math.min(len, length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      bytesRead += n;
      return n;
    }

    @Override
    public void close() {
      readerClosed = true;
      filled.clear();
    }
  }
}
