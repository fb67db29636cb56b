package dev.dmsb.sshagent;

import java.math.BigInteger;

/**
 * Blowfish with the "expensive key schedule" bcrypt uses (Provos and Mazières, 1999): the state
 * starts from the hexadecimal digits of pi's fractional part (18 P words, then 4 × 256 S words),
 * which are computed here once (Machin's formula) rather than carried as a 4 KiB table.
 */
final class Blowfish {
  private static final int WORDS = 18 + 4 * 256;
  private static final int[] PI = piWords();

  private final int[] p = new int[18];
  private final int[] s = new int[4 * 256];

  Blowfish() {
    System.arraycopy(PI, 0, p, 0, 18);
    System.arraycopy(PI, 18, s, 0, 4 * 256);
  }

  /** The first words of pi's fractional part, for tests. */
  static int piWord(int i) {
    return PI[i];
  }

  private int f(int x) {
    int a = s[x >>> 24];
    int b = s[256 + ((x >>> 16) & 0xff)];
    int c = s[512 + ((x >>> 8) & 0xff)];
    int d = s[768 + (x & 0xff)];
    return ((a + b) ^ c) + d;
  }

  /** Enciphers the block {@code lr[off], lr[off + 1]} in place. */
  void encipher(int[] lr, int off) {
    int l = lr[off];
    int r = lr[off + 1];
    l ^= p[0];
    for (int i = 1; i <= 16; i += 2) {
      r ^= f(l) ^ p[i];
      l ^= f(r) ^ p[i + 1];
    }
    lr[off] = r ^ p[17];
    lr[off + 1] = l;
  }

  /** Cycles through {@code data} four bytes at a time, big-endian, as bcrypt's stream2word. */
  private static int word(byte[] data, int[] at) {
    int w = 0;
    for (int i = 0; i < 4; i++) {
      w = (w << 8) | (data[at[0]] & 0xff);
      at[0] = (at[0] + 1) % data.length;
    }
    return w;
  }

  /** bcrypt's ExpandKey(state, salt, key). */
  void expand(byte[] data, byte[] key) {
    int[] at = {0};
    for (int i = 0; i < 18; i++) {
      p[i] ^= word(key, at);
    }
    int[] lr = {0, 0};
    int[] dat = {0};
    for (int i = 0; i < 18; i += 2) {
      lr[0] ^= word(data, dat);
      lr[1] ^= word(data, dat);
      encipher(lr, 0);
      p[i] = lr[0];
      p[i + 1] = lr[1];
    }
    for (int i = 0; i < s.length; i += 2) {
      lr[0] ^= word(data, dat);
      lr[1] ^= word(data, dat);
      encipher(lr, 0);
      s[i] = lr[0];
      s[i + 1] = lr[1];
    }
  }

  /** ExpandKey(state, 0, key): also Blowfish's own key schedule when started from pi. */
  void expand0(byte[] key) {
    int[] at = {0};
    for (int i = 0; i < 18; i++) {
      p[i] ^= word(key, at);
    }
    int[] lr = {0, 0};
    for (int i = 0; i < 18; i += 2) {
      encipher(lr, 0);
      p[i] = lr[0];
      p[i + 1] = lr[1];
    }
    for (int i = 0; i < s.length; i += 2) {
      encipher(lr, 0);
      s[i] = lr[0];
      s[i + 1] = lr[1];
    }
  }

  private static int[] piWords() {
    int bits = WORDS * 32;
    int scale = bits + 64; // guard bits for the truncations of each series term
    BigInteger pi =
        atanInverse(5, scale)
            .shiftLeft(4)
            .subtract(atanInverse(239, scale).shiftLeft(2))
            .shiftRight(64);
    BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits));
    int[] words = new int[WORDS];
    for (int i = 0; i < WORDS; i++) {
      words[i] = fraction.shiftRight(bits - 32 * (i + 1)).intValue();
    }
    return words;
  }

  /** atan(1/x) × 2^scale, truncated. */
  private static BigInteger atanInverse(int x, int scale) {
    BigInteger x2 = BigInteger.valueOf((long) x * x);
    BigInteger term = BigInteger.ONE.shiftLeft(scale).divide(BigInteger.valueOf(x));
    BigInteger sum = term;
    for (int k = 1; term.signum() != 0; k++) {
      term = term.divide(x2);
      BigInteger part = term.divide(BigInteger.valueOf(2L * k + 1));
      sum = (k & 1) == 1 ? sum.subtract(part) : sum.add(part);
    }
    return sum;
  }
}
