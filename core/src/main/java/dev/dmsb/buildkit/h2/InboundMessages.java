package dev.dmsb.buildkit.h2;

import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * One stream's incoming gRPC messages: DATA bytes cut at their 5-byte prefixes, queued until the
 * listener asks for them, and the stream's receive window given back. Window comes back as bytes
 * arrive while less than a window's worth of whole messages waits, and only as messages are taken
 * once more does; so a message larger than the window still arrives, and a listener that does not
 * keep up holds back its own stream at about two windows.
 */
final class InboundMessages {
  static final int PREFIX = 5;

  private final int window;
  private final int maxMessage;
  private final IntConsumer giveCredit;

  // the connection's reading thread's own
  private final byte[] prefix = new byte[PREFIX];
  private int prefixRead;
  private byte[] body;
  private int bodyRead;

  // guarded by this
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private int demand;
  private long queuedBytes;
  private long withheld;
  private long credit;
  private boolean noMoreCredit;

  InboundMessages(int window, int maxMessage, IntConsumer giveCredit) {
    this.window = window;
    this.maxMessage = maxMessage;
    this.giveCredit = giveCredit;
  }

  /** A message as gRPC frames it: a 5-byte prefix (not compressed, the length), then the bytes. */
  static byte[] framed(java.io.InputStream in) throws java.io.IOException {
    byte[] framed;
    if (in instanceof io.grpc.KnownLength) {
      int size = in.available();
      framed = new byte[PREFIX + size];
      int n = in.readNBytes(framed, PREFIX, size);
      if (n != size || in.read() >= 0) {
        throw new java.io.IOException("the message's length changed while it was read");
      }
    } else {
      byte[] body = in.readAllBytes();
      framed = new byte[PREFIX + body.length];
      System.arraycopy(body, 0, framed, PREFIX, body.length);
    }
    int size = framed.length - PREFIX;
    framed[1] = (byte) (size >>> 24);
    framed[2] = (byte) (size >>> 16);
    framed[3] = (byte) (size >>> 8);
    framed[4] = (byte) size;
    return framed;
  }

  /**
   * Takes DATA bytes, and {@code padding} bytes more of the frame's that count against the window;
   * a status when they are not acceptable (the stream must then end).
   */
  Status add(byte[] b, int off, int len, int padding) {
    int end = off + len;
    int taken = len + padding;
    while (off < end) {
      if (body == null) {
        int n = Math.min(PREFIX - prefixRead, end - off);
        System.arraycopy(b, off, prefix, prefixRead, n);
        prefixRead += n;
        off += n;
        if (prefixRead < PREFIX) {
          break;
        }
        long size =
            ((prefix[1] & 0xffL) << 24)
                | ((prefix[2] & 0xff) << 16)
                | ((prefix[3] & 0xff) << 8)
                | (prefix[4] & 0xff);
        if (prefix[0] != 0) {
          return Status.UNIMPLEMENTED.withDescription("compressed messages are not accepted");
        }
        if (size > maxMessage) {
          return Status.RESOURCE_EXHAUSTED.withDescription(
              "a message of " + size + " bytes is over the limit of " + maxMessage);
        }
        body = new byte[(int) size];
        bodyRead = 0;
      }
      int n = Math.min(body.length - bodyRead, end - off);
      System.arraycopy(b, off, body, bodyRead, n);
      bodyRead += n;
      off += n;
      if (bodyRead == body.length) {
        synchronized (this) {
          queue.add(body);
          queuedBytes += PREFIX + body.length;
        }
        body = null;
        prefixRead = 0;
      }
    }
    int give;
    synchronized (this) {
      if (queuedBytes <= window) {
        credit += taken;
      } else {
        withheld += taken;
      }
      give = due();
    }
    if (give > 0) {
      giveCredit.accept(give);
    }
    return null;
  }

  /** The next message the listener asked for, or null. */
  byte[] next() {
    byte[] m;
    int give;
    synchronized (this) {
      if (queue.isEmpty() || demand <= 0) {
        return null;
      }
      demand--;
      m = queue.poll();
      queuedBytes -= PREFIX + m.length;
      if (withheld > 0 && queuedBytes <= window) {
        credit += withheld;
        withheld = 0;
      }
      give = due();
    }
    if (give > 0) {
      giveCredit.accept(give);
    }
    return m;
  }

  synchronized void request(int n) {
    demand = (int) Math.min(Integer.MAX_VALUE, (long) demand + n);
  }

  synchronized boolean isEmpty() {
    return queue.isEmpty();
  }

  /** The peer sends nothing more: no window goes back. */
  synchronized void ended() {
    noMoreCredit = true;
  }

  /** Drops what waits (the call ended). */
  synchronized void clear() {
    queue.clear();
    queuedBytes = 0;
    noMoreCredit = true;
  }

  /** Window to give back now: in steps of a quarter of the window. */
  private int due() {
    if (noMoreCredit || credit < window / 4) {
      return 0;
    }
    int give = (int) credit;
    credit = 0;
    return give;
  }
}
