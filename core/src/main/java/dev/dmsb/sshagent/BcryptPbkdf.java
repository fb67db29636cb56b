package dev.dmsb.sshagent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * OpenBSD's bcrypt_pbkdf, which OpenSSH's {@code openssh-key-v1} format derives its cipher key and
 * IV with: PBKDF2's shape with SHA-512 pre-hashing and a bcrypt-based round function, whose output
 * bytes are spread across the key with a stride.
 */
final class BcryptPbkdf {
  private static final byte[] MAGIC =
      "OxychromaticBlowfishSwatDynamite".getBytes(StandardCharsets.US_ASCII);

  private BcryptPbkdf() {}

  static byte[] derive(byte[] password, byte[] salt, int length, int rounds) {
    if (rounds < 1 || length < 1 || length > 1024 || salt.length == 0) {
      throw new IllegalArgumentException("bcrypt_pbkdf: bad parameters");
    }
    MessageDigest sha512 = sha512();
    byte[] key = new byte[length];
    int stride = (length + 32 - 1) / 32;
    int amount = (length + stride - 1) / stride;
    byte[] passHash = sha512.digest(password);
    int left = length;
    for (int count = 1; left > 0; count++) {
      sha512.update(salt);
      sha512.update(
          new byte[] {
            (byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count
          });
      byte[] saltHash = sha512.digest();
      byte[] tmp = hash(passHash, saltHash);
      byte[] out = tmp.clone();
      for (int i = 1; i < rounds; i++) {
        saltHash = sha512.digest(tmp);
        tmp = hash(passHash, saltHash);
        for (int j = 0; j < out.length; j++) {
          out[j] ^= tmp[j];
        }
      }
      amount = Math.min(amount, left);
      int i;
      for (i = 0; i < amount; i++) {
        int dest = i * stride + (count - 1);
        if (dest >= length) {
          break;
        }
        key[dest] = out[i];
      }
      left -= i;
    }
    return key;
  }

  private static byte[] hash(byte[] passHash, byte[] saltHash) {
    Blowfish state = new Blowfish();
    state.expand(saltHash, passHash);
    for (int i = 0; i < 64; i++) {
      state.expand0(saltHash);
      state.expand0(passHash);
    }
    int[] data = new int[8];
    for (int i = 0; i < 8; i++) {
      data[i] =
          (MAGIC[4 * i] & 0xff) << 24
              | (MAGIC[4 * i + 1] & 0xff) << 16
              | (MAGIC[4 * i + 2] & 0xff) << 8
              | (MAGIC[4 * i + 3] & 0xff);
    }
    for (int round = 0; round < 64; round++) {
      for (int b = 0; b < 8; b += 2) {
        state.encipher(data, b);
      }
    }
    byte[] out = new byte[32];
    for (int i = 0; i < 8; i++) {
      out[4 * i + 3] = (byte) (data[i] >>> 24);
      out[4 * i + 2] = (byte) (data[i] >>> 16);
      out[4 * i + 1] = (byte) (data[i] >>> 8);
      out[4 * i] = (byte) data[i];
    }
    return out;
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-512", e);
    }
  }
}
