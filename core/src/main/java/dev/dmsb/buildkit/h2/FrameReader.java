package dev.dmsb.buildkit.h2;

import com.twitter.hpack.Decoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads one connection's frames, for either end: it answers settings and pings itself, keeps the
 * connection's receive window open, decodes header blocks (with their CONTINUATION frames), and
 * hands what belongs to streams to {@link Streams}.
 */
final class FrameReader {
  /** What the reader hands on. */
  interface Streams {
    /**
     * DATA for a stream: {@code len} bytes at {@code off}, and {@code padding} more bytes that the
     * frame's padding took from the stream's window (credited back with the data).
     */
    void data(int stream, byte[] b, int off, int len, int padding, boolean endStream)
        throws IOException;

    /** A whole header block, decoded: names and values, alternating. */
    void headers(int stream, List<byte[]> fields, boolean endStream) throws IOException;

    void reset(int stream, int errorCode);

    /** The peer's window for a stream ({@code stream} 0: the connection) grew. */
    void windowUpdate(int stream, int increment);

    /**
     * The peer's window for each new stream is now {@code window}: every open stream's window moves
     * by the difference.
     */
    void initialWindowChanged(long window);

    /** Another of the peer's settings (SETTINGS_MAX_CONCURRENT_STREAMS, say). */
    default void setting(int id, long value) {}

    /** A SETTINGS frame of the peer's has been applied (and acknowledged). */
    default void settingsApplied() {}

    /** The peer will open no more streams and serve none above {@code lastStream}. */
    void goAway(int lastStream, int errorCode);
  }

  static final int MAX_HEADER_LIST = 1 << 20;
  private static final int MAX_FRAME = 1 << 24;

  private final DataInputStream in;
  private final FrameWriter writer;
  private final Streams streams;
  private final int connectionWindow;
  private final Decoder hpack = new Decoder(MAX_HEADER_LIST, 4096);
  private long connectionCredit;

  FrameReader(DataInputStream in, FrameWriter writer, Streams streams, int connectionWindow) {
    this.in = in;
    this.writer = writer;
    this.streams = streams;
    this.connectionWindow = connectionWindow;
  }

  /** Reads frames until the peer closes the connection or {@code stop} says so. */
  void run(BooleanSupplier stop) throws IOException {
    byte[] header = new byte[FrameWriter.HEADER_SIZE];
    ByteArrayOutputStream block = null;
    int blockStream = 0;
    boolean blockEnds = false;
    while (!stop.getAsBoolean()) {
      try {
        in.readFully(header);
      } catch (EOFException e) {
        return;
      }
      int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
      int type = header[3] & 0xff;
      int flags = header[4] & 0xff;
      int stream = int31(header, 5);
      if (length > MAX_FRAME) {
        throw new IOException("a frame of " + length + " bytes is over HTTP/2's limit");
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      if (block != null && (type != Frames.CONTINUATION || stream != blockStream)) {
        throw new IOException("a header block was cut by another frame");
      }
      switch (type) {
        case Frames.DATA -> data(stream, flags, payload);
        case Frames.HEADERS -> {
          int off = 0;
          int end = length;
          if ((flags & Frames.FLAG_PADDED) != 0 && length > 0) {
            end -= payload[0] & 0xff;
            off = 1;
          }
          if ((flags & Frames.FLAG_PRIORITY) != 0) {
            off += 5;
          }
          block = new ByteArrayOutputStream(Math.max(0, end - off));
          block.write(payload, off, Math.max(0, end - off));
          blockStream = stream;
          blockEnds = (flags & Frames.FLAG_END_STREAM) != 0;
          if ((flags & Frames.FLAG_END_HEADERS) != 0) {
            streams.headers(stream, decode(block.toByteArray()), blockEnds);
            block = null;
          }
        }
        case Frames.CONTINUATION -> {
          if (block == null) {
            throw new IOException("a CONTINUATION frame came without HEADERS");
          }
          block.write(payload, 0, length);
          if ((flags & Frames.FLAG_END_HEADERS) != 0) {
            streams.headers(stream, decode(block.toByteArray()), blockEnds);
            block = null;
          }
        }
        case Frames.RST_STREAM -> streams.reset(stream, length >= 4 ? int32(payload, 0) : 0);
        case Frames.SETTINGS -> {
          if ((flags & Frames.FLAG_ACK) == 0) {
            settings(payload);
            writer.frame(Frames.SETTINGS, Frames.FLAG_ACK, 0, payload, 0, 0);
            streams.settingsApplied();
          }
        }
        case Frames.PING -> {
          if ((flags & Frames.FLAG_ACK) == 0) {
            writer.pingAck(payload, length);
          }
        }
        case Frames.WINDOW_UPDATE -> {
          if (length >= 4) {
            streams.windowUpdate(stream, int31(payload, 0));
          }
        }
        case Frames.GOAWAY -> {
          if (length >= 8) {
            streams.goAway(int31(payload, 0), int32(payload, 4));
          }
        }
        default -> {
          // PRIORITY, PUSH_PROMISE (never enabled), and types this server does not know
        }
      }
    }
  }

  private void data(int stream, int flags, byte[] payload) throws IOException {
    int off = 0;
    int end = payload.length;
    if ((flags & Frames.FLAG_PADDED) != 0 && end > 0) {
      end -= payload[0] & 0xff;
      off = 1;
    }
    // the connection's window comes back at once: each stream's own window bounds what waits
    connectionCredit += payload.length;
    if (connectionCredit >= connectionWindow / 4) {
      writer.frame(Frames.WINDOW_UPDATE, 0, 0, FrameWriter.intBytes((int) connectionCredit), 0, 4);
      connectionCredit = 0;
    }
    int len = Math.max(0, end - off);
    streams.data(
        stream, payload, off, len, payload.length - len, (flags & Frames.FLAG_END_STREAM) != 0);
  }

  private List<byte[]> decode(byte[] block) throws IOException {
    List<byte[]> fields = new ArrayList<>();
    hpack.decode(
        new ByteArrayInputStream(block),
        (n, v, sensitive) -> {
          fields.add(n);
          fields.add(v);
        });
    if (hpack.endHeaderBlock()) {
      throw new IOException("a header block was over " + MAX_HEADER_LIST + " bytes");
    }
    return fields;
  }

  private void settings(byte[] payload) {
    for (int i = 0; i + 6 <= payload.length; i += 6) {
      int id = ((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff);
      long value = int32(payload, i + 2) & 0xffffffffL;
      if (id == Frames.SETTINGS_INITIAL_WINDOW_SIZE) {
        streams.initialWindowChanged(value);
      } else if (id == Frames.SETTINGS_MAX_FRAME_SIZE) {
        writer.peerMaxFrame((int) value);
      } else {
        streams.setting(id, value);
      }
    }
  }

  private static int int32(byte[] b, int off) {
    return ((b[off] & 0xff) << 24)
        | ((b[off + 1] & 0xff) << 16)
        | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  private static int int31(byte[] b, int off) {
    return int32(b, off) & 0x7fffffff;
  }
}
