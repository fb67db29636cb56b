package dev.dmsb.sshagent;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The SSH wire encoding (RFC 4251 section 5): uint32, string, mpint, as read and written. */
final class SshWire {
  private SshWire() {}

  /** Reads fields from a byte array; a field that runs past the end is a {@link Malformed}. */
  static final class Reader {
    private final byte[] data;
    private int pos;
    private final int end;

    Reader(byte[] data) {
      this(data, 0, data.length);
    }

    Reader(byte[] data, int from, int to) {
      this.data = data;
      this.pos = from;
      this.end = to;
    }

    int position() {
      return pos;
    }

    int remaining() {
      return end - pos;
    }

    int u8() {
      need(1);
      return data[pos++] & 0xff;
    }

    int u32() {
      need(4);
      int v =
          (data[pos] & 0xff) << 24
              | (data[pos + 1] & 0xff) << 16
              | (data[pos + 2] & 0xff) << 8
              | (data[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    byte[] bytes(int n) {
      need(n);
      byte[] b = Arrays.copyOfRange(data, pos, pos + n);
      pos += n;
      return b;
    }

    byte[] string() {
      int n = u32();
      if (n < 0) {
        throw new Malformed("a field longer than the data");
      }
      return bytes(n);
    }

    String text() {
      return new String(string(), StandardCharsets.UTF_8);
    }

    BigInteger mpint() {
      byte[] b = string();
      return b.length == 0 ? BigInteger.ZERO : new BigInteger(b);
    }

    private void need(int n) {
      if (n < 0 || end - pos < n) {
        throw new Malformed("a field longer than the data");
      }
    }
  }

  /** Writes fields in order. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer u8(int v) {
      out.write(v);
      return this;
    }

    Writer u32(int v) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
      return this;
    }

    Writer string(byte[] b) {
      u32(b.length);
      out.writeBytes(b);
      return this;
    }

    Writer string(String s) {
      return string(s.getBytes(StandardCharsets.UTF_8));
    }

    Writer mpint(BigInteger v) {
      return string(v.signum() == 0 ? new byte[0] : v.toByteArray());
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }

  /** Data that does not follow the encoding. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }
}
