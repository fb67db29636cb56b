package dev.dmsb.sshagent;

import java.math.BigInteger;
import java.util.Arrays;

/** Just enough DER (X.690) to read the key structures of PKCS#1, SEC1 and PKCS#8. */
final class Der {
  private Der() {}

  /** Reads the elements of one constructed value in order. */
  static final class Reader {
    private final byte[] data;
    private int pos;
    private final int end;

    Reader(byte[] data) {
      this(data, 0, data.length);
    }

    private Reader(byte[] data, int from, int to) {
      this.data = data;
      this.pos = from;
      this.end = to;
    }

    boolean hasMore() {
      return pos < end;
    }

    /** The tag of the next element, without reading it. */
    int peekTag() {
      if (pos >= end) {
        throw new SshWire.Malformed("DER data ends early");
      }
      return data[pos] & 0xff;
    }

    private int[] header(int tag) {
      if (peekTag() != tag) {
        throw new SshWire.Malformed(
            "DER tag " + Integer.toHexString(peekTag()) + " where " + Integer.toHexString(tag));
      }
      int at = pos + 1;
      if (at >= end) {
        throw new SshWire.Malformed("DER data ends early");
      }
      int len = data[at++] & 0xff;
      if (len >= 0x80) {
        int n = len & 0x7f;
        if (n == 0 || n > 3) {
          throw new SshWire.Malformed("DER length");
        }
        len = 0;
        for (int i = 0; i < n; i++) {
          if (at >= end) {
            throw new SshWire.Malformed("DER data ends early");
          }
          len = (len << 8) | (data[at++] & 0xff);
        }
      }
      if (len > end - at) {
        throw new SshWire.Malformed("DER length past the end");
      }
      return new int[] {at, at + len};
    }

    byte[] element(int tag) {
      int[] h = header(tag);
      pos = h[1];
      return Arrays.copyOfRange(data, h[0], h[1]);
    }

    Reader constructed(int tag) {
      int[] h = header(tag);
      pos = h[1];
      return new Reader(data, h[0], h[1]);
    }

    Reader sequence() {
      return constructed(0x30);
    }

    BigInteger integer() {
      return new BigInteger(element(0x02));
    }

    byte[] octets() {
      return element(0x04);
    }

    byte[] bits() {
      byte[] b = element(0x03);
      return Arrays.copyOfRange(b, 1, b.length); // the unused-bits count: 0 for keys
    }

    String oid() {
      byte[] b = element(0x06);
      StringBuilder s = new StringBuilder();
      long v = 0;
      for (int i = 0; i < b.length; i++) {
        v = (v << 7) | (b[i] & 0x7f);
        if ((b[i] & 0x80) == 0) {
          if (s.length() == 0) {
            s.append(v < 80 ? v / 40 : 2).append('.').append(v < 80 ? v % 40 : v - 80);
          } else {
            s.append('.').append(v);
          }
          v = 0;
        }
      }
      return s.toString();
    }

    void skip() {
      pos = header(peekTag())[1];
    }
  }
}
