package dev.dmsb.buildkit.h2;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes the connection's frames, from any thread, into one buffer, and keeps the peer's flow
 * control windows. A flushing thread of its own writes the buffer out whenever frames are waiting,
 * so that frames written close together (a file list of a thousand entries) leave in a few writes,
 * and no sender waits for the socket unless the socket is full.
 */
final class FrameWriter {
  static final int HEADER_SIZE = 9;

  /** The window a stream needs to be called ready. */
  static final int READY = 32 * 1024;

  private final OutputStream out;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition windowOpened = lock.newCondition();
  private final Condition dirty = lock.newCondition();
  private final AtomicLong bytesSent = new AtomicLong();
  private final byte[] header = new byte[HEADER_SIZE];
  private final Thread flusher;
  // guarded by lock
  private long connectionWindow = Frames.DEFAULT_WINDOW;
  private int peerMaxFrame = Frames.DEFAULT_MAX_FRAME;
  private boolean pending;
  private byte[] heldAck; // a PING's answer waiting behind DATA
  private long heldSince;
  private final long ackHold;
  private long lastData; // when DATA last went, once any has
  private boolean dataWritten;
  private boolean closed;
  private IOException failure;

  FrameWriter(OutputStream out, String name) {
    this(out, name, ACK_HOLD_NANOS);
  }

  /** With another hold for PING answers (tests). */
  FrameWriter(OutputStream out, String name, long ackHoldNanos) {
    this.out = out;
    this.ackHold = ackHoldNanos;
    this.flusher = new Thread(this::flushLoop, name + "-write");
    flusher.setDaemon(true);
    flusher.start();
  }

  long bytesSent() {
    return bytesSent.get();
  }

  /** Writes one frame whose payload is not flow controlled. */
  void frame(int type, int flags, int stream, byte[] payload, int off, int len) throws IOException {
    lock.lock();
    try {
      ensureOpen();
      writeFrame(type, flags, stream, payload, off, len);
    } finally {
      lock.unlock();
    }
  }

  /** Writes a header block, split into HEADERS and CONTINUATION frames that fit the peer. */
  void headers(int stream, byte[] block, boolean endStream) throws IOException {
    lock.lock();
    try {
      ensureOpen();
      int off = 0;
      boolean first = true;
      do {
        int n = Math.min(block.length - off, peerMaxFrame);
        boolean last = off + n == block.length;
        int flags = (last ? Frames.FLAG_END_HEADERS : 0);
        if (first && endStream) {
          flags |= Frames.FLAG_END_STREAM;
        }
        writeFrame(first ? Frames.HEADERS : Frames.CONTINUATION, flags, stream, block, off, n);
        off += n;
        first = false;
      } while (off < block.length);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes {@code len} bytes as DATA frames as the windows allow, waiting for the peer's window
   * updates; false when the stream ended or the connection closed first.
   */
  boolean data(StreamWindow stream, byte[] bytes, int off, int len) throws IOException {
    lock.lock();
    try {
      while (len > 0) {
        ensureOpen();
        if (stream.ended()) {
          return false;
        }
        long n = Math.min(Math.min(len, peerMaxFrame), Math.min(connectionWindow, stream.window));
        if (n <= 0) {
          windowOpened.await(1, TimeUnit.SECONDS);
          continue;
        }
        writeFrame(Frames.DATA, 0, stream.id, bytes, off, (int) n);
        lastData = System.nanoTime();
        dataWritten = true;
        connectionWindow -= n;
        stream.window -= n;
        off += (int) n;
        len -= (int) n;
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * True when a message of a few frames could go now on this stream: both windows hold at least
   * {@link #READY} bytes (or the stream's whole first window, when the peer gives less), as
   * grpc-java calls a stream ready while under 32 KiB wait.
   */
  boolean ready(StreamWindow stream) {
    lock.lock();
    try {
      return !closed && connectionWindow >= READY && stream.window >= stream.readyAt;
    } finally {
      lock.unlock();
    }
  }

  /** The peer's WINDOW_UPDATE for the connection; true when the window opened from closed. */
  boolean openConnection(int increment) {
    lock.lock();
    try {
      boolean wasShut = connectionWindow < READY;
      connectionWindow += increment;
      windowOpened.signalAll();
      return wasShut && connectionWindow >= READY;
    } finally {
      lock.unlock();
    }
  }

  /** The peer's WINDOW_UPDATE (or a change of its initial window) for a stream. */
  boolean openStream(StreamWindow stream, long delta) {
    lock.lock();
    try {
      boolean wasShut = stream.window < stream.readyAt;
      stream.window += delta;
      windowOpened.signalAll();
      return wasShut && stream.window >= stream.readyAt;
    } finally {
      lock.unlock();
    }
  }

  void peerMaxFrame(int size) {
    lock.lock();
    try {
      peerMaxFrame = size;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes senders waiting for a window (a stream ended under them). */
  void wakeSenders() {
    lock.lock();
    try {
      windowOpened.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Writes out what is buffered and stops; later writes fail. */
  void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (pending && failure == null) {
          out.flush();
        }
      } catch (IOException e) {
        // the connection is going anyway
      }
      windowOpened.signalAll();
      dirty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (closed) {
      throw new IOException("the session's connection is closed");
    }
  }

  private void writeFrame(int type, int flags, int stream, byte[] payload, int off, int len)
      throws IOException {
    header[0] = (byte) (len >>> 16);
    header[1] = (byte) (len >>> 8);
    header[2] = (byte) len;
    header[3] = (byte) type;
    header[4] = (byte) flags;
    header[5] = (byte) (stream >>> 24);
    header[6] = (byte) (stream >>> 16);
    header[7] = (byte) (stream >>> 8);
    header[8] = (byte) stream;
    try {
      out.write(header, 0, HEADER_SIZE);
      if (len > 0) {
        out.write(payload, off, len);
      }
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    bytesSent.addAndGet(HEADER_SIZE + len);
    if (!pending) {
      pending = true;
      dirty.signal();
    }
  }

  /**
   * Answers a PING. While DATA is streaming (some went within the last {@link #ACK_HOLD_NANOS}),
   * the answer waits up to that long, behind the DATA written meanwhile, as a busy gRPC server's
   * answer does. grpc-go's peers time their PINGs against the bytes that arrive before the answer
   * to size their receive windows (BDP estimation): an answer sent at once shows them almost
   * nothing in flight, and they keep 64 KiB windows, a WINDOW_UPDATE every 16 KiB (measured: a 1
   * GiB first build took 1.25x the time of one with grpc-netty's server, which answers late).
   */
  void pingAck(byte[] payload, int len) throws IOException {
    lock.lock();
    try {
      ensureOpen();
      if (heldAck != null) {
        writeHeldAck();
      }
      if (!dataWritten || System.nanoTime() - lastData > ackHold) {
        writeFrame(Frames.PING, Frames.FLAG_ACK, 0, payload, 0, len);
        return;
      }
      heldAck = java.util.Arrays.copyOf(payload, len);
      heldSince = System.nanoTime();
      dirty.signal(); // the flusher keeps the time
    } finally {
      lock.unlock();
    }
  }

  /** How long a PING's answer may wait behind DATA. */
  static final long ACK_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private void writeHeldAck() throws IOException {
    byte[] ack = heldAck;
    heldAck = null;
    writeFrame(Frames.PING, Frames.FLAG_ACK, 0, ack, 0, ack.length);
  }

  private void flushLoop() {
    lock.lock();
    try {
      while (!closed) {
        if (heldAck != null) {
          long wait = ackHold - (System.nanoTime() - heldSince);
          if (wait <= 0) {
            try {
              writeHeldAck();
            } catch (IOException e) {
              windowOpened.signalAll();
              return;
            }
          } else if (!pending) {
            try {
              dirty.awaitNanos(wait);
            } catch (InterruptedException e) {
              return;
            }
            continue;
          }
        } else if (!pending) {
          dirty.awaitUninterruptibly();
          continue;
        }
        pending = false;
        try {
          out.flush();
        } catch (IOException e) {
          failure = e;
          windowOpened.signalAll();
          return;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** One entry of a SETTINGS frame's payload. */
  static void setting(java.io.ByteArrayOutputStream s, int id, int value) {
    s.write(id >>> 8);
    s.write(id);
    s.writeBytes(intBytes(value));
  }

  static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  /** Writes bytes that are not a frame: a client's connection preface. */
  void raw(byte[] bytes) throws IOException {
    lock.lock();
    try {
      ensureOpen();
      try {
        out.write(bytes);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      bytesSent.addAndGet(bytes.length);
      if (!pending) {
        pending = true;
        dirty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** A stream's send window, which this writer keeps under its lock. */
  abstract static class StreamWindow {
    final int id;
    final long readyAt;
    long window;

    StreamWindow(int id, long window) {
      this.id = id;
      this.window = window;
      this.readyAt = Math.max(1, Math.min(READY, window));
    }

    /** True once nothing more may be sent on the stream. */
    abstract boolean ended();
  }
}
