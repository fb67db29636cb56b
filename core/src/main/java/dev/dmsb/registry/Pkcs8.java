package dev.dmsb.registry;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;

/** Wraps OpenSSL's traditional key forms into PKCS#8, which the JDK's key factories read. */
final class Pkcs8 {
  private static final byte[] RSA_ALGORITHM =
      HexFormat.of().parseHex("300d06092a864886f70d0101010500");
  private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex("06072a8648ce3d0201");

  private Pkcs8() {}

  static byte[] wrapRsa(byte[] pkcs1) {
    return sequence(concat(new byte[] {2, 1, 0}, RSA_ALGORITHM, tlv(0x04, pkcs1)));
  }

  /** SEC1's ECPrivateKey carries its curve in {@code [0]}; PKCS#8 wants it in the algorithm. */
  static byte[] wrapEc(byte[] sec1) throws GeneralSecurityException {
    int[] seq = header(sec1, 0);
    int at = seq[0];
    byte[] curve = null;
    while (at < seq[1]) {
      int[] h = header(sec1, at);
      if ((sec1[at] & 0xff) == 0xa0) {
        curve = Arrays.copyOfRange(sec1, h[0], h[1]);
      }
      at = h[1];
    }
    if (curve == null) {
      throw new GeneralSecurityException("an EC PRIVATE KEY without its curve");
    }
    return sequence(
        concat(new byte[] {2, 1, 0}, sequence(concat(EC_PUBLIC_KEY_OID, curve)), tlv(0x04, sec1)));
  }

  /** {start of content, end of content} of the element at {@code at}. */
  private static int[] header(byte[] der, int at) throws GeneralSecurityException {
    if (at + 2 > der.length) {
      throw new GeneralSecurityException("a truncated key");
    }
    int len = der[at + 1] & 0xff;
    int start = at + 2;
    if (len >= 0x80) {
      int n = len & 0x7f;
      if (n < 1 || n > 3 || start + n > der.length) {
        throw new GeneralSecurityException("a malformed key");
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (der[start + i] & 0xff);
      }
      start += n;
    }
    if (start + len > der.length) {
      throw new GeneralSecurityException("a truncated key");
    }
    return new int[] {start, start + len};
  }

  private static byte[] sequence(byte[] content) {
    return tlv(0x30, content);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
