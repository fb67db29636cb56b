package dev.dmsb.sshagent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * OpenSSH's own private key format ({@code openssh-key-v1}, PROTOCOL.key in OpenSSH's sources):
 * public keys in the clear, then a private section that a passphrase may encrypt with a key derived
 * by bcrypt_pbkdf.
 */
final class OpensshKeyFile {
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

  private final String cipher;
  private final byte[] salt;
  private final int rounds;
  private final byte[] section;
  private final byte[] tag;

  private OpensshKeyFile(String cipher, byte[] salt, int rounds, byte[] section, byte[] tag) {
    this.cipher = cipher;
    this.salt = salt;
    this.rounds = rounds;
    this.section = section;
    this.tag = tag;
  }

  /** Reads the outer structure; throws {@link KeyFormatException} for what is not supported. */
  static OpensshKeyFile parse(byte[] blob) throws KeyFormatException {
    if (blob.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(blob, MAGIC.length), MAGIC)) {
      throw new KeyFormatException("not an openssh-key-v1 key");
    }
    SshWire.Reader r = new SshWire.Reader(blob, MAGIC.length, blob.length);
    String cipher = r.text();
    String kdf = r.text();
    SshWire.Reader options = new SshWire.Reader(r.string());
    int keys = r.u32();
    if (keys != 1) {
      throw new KeyFormatException("it holds " + keys + " keys; OpenSSH writes one per file");
    }
    r.string(); // the public key, which the private section repeats
    byte[] section = r.string();
    byte[] tag = null;
    byte[] salt = null;
    int rounds = 0;
    if (!cipher.equals("none")) {
      if (!kdf.equals("bcrypt")) {
        throw new KeyFormatException("its key derivation " + kdf + " is not supported");
      }
      salt = options.string();
      rounds = options.u32();
      if (parameters(cipher) == null) {
        throw new KeyFormatException(
            "its cipher "
                + cipher
                + " is not supported (aes256-ctr, the default, and aes256-gcm@openssh.com are);"
                + " re-encrypt it with ssh-keygen -p -Z aes256-ctr -f FILE");
      }
      if (cipher.endsWith("-gcm@openssh.com")) {
        tag = r.bytes(16);
      }
    }
    return new OpensshKeyFile(cipher, salt, rounds, section, tag);
  }

  boolean encrypted() {
    return !cipher.equals("none");
  }

  /**
   * The keys, decrypted with {@code passphrase} when the file is encrypted.
   *
   * @throws WrongPassphrase when the check words of the decrypted section differ
   */
  List<AgentKey> keys(byte[] passphrase)
      throws KeyFormatException, WrongPassphrase, GeneralSecurityException {
    byte[] plain = encrypted() ? decrypt(passphrase) : section;
    SshWire.Reader r = new SshWire.Reader(plain);
    if (r.u32() != r.u32()) {
      if (encrypted()) {
        throw new WrongPassphrase();
      }
      throw new KeyFormatException("its check words differ");
    }
    String type = r.text();
    AgentKey key;
    switch (type) {
      case "ssh-ed25519" -> {
        byte[] pub = r.string();
        byte[] both = r.string();
        if (pub.length != 32 || both.length != 64) {
          throw new KeyFormatException("an Ed25519 key of the wrong size");
        }
        key = AgentKey.ed25519(Arrays.copyOf(both, 32), pub, null);
        Arrays.fill(both, (byte) 0);
      }
      case "ssh-rsa" -> {
        var n = r.mpint();
        var e = r.mpint();
        var d = r.mpint();
        var iqmp = r.mpint();
        var p = r.mpint();
        var q = r.mpint();
        key = AgentKey.rsa(n, e, d, p, q, iqmp, null);
      }
      case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521" -> {
        EcCurve curve = EcCurve.bySshName(r.text());
        if (curve == null || !type.endsWith(curve.sshName())) {
          throw new KeyFormatException("an ECDSA key whose curve does not match its type");
        }
        byte[] point = r.string();
        key = AgentKey.ecdsa(curve, r.mpint(), point, null);
      }
      default -> throw new KeyFormatException("its key type " + type + " is not supported");
    }
    String comment = r.text();
    return List.of(key.withComment(comment));
  }

  private byte[] decrypt(byte[] passphrase) throws GeneralSecurityException, WrongPassphrase {
    int[] sizes = parameters(cipher);
    byte[] material = BcryptPbkdf.derive(passphrase, salt, sizes[0] + sizes[1], rounds);
    SecretKeySpec key = new SecretKeySpec(material, 0, sizes[0], "AES");
    byte[] iv = Arrays.copyOfRange(material, sizes[0], sizes[0] + sizes[1]);
    Arrays.fill(material, (byte) 0);
    Cipher c;
    if (tag != null) {
      c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
      byte[] all = Arrays.copyOf(section, section.length + tag.length);
      System.arraycopy(tag, 0, all, section.length, tag.length);
      try {
        return c.doFinal(all);
      } catch (javax.crypto.AEADBadTagException e) {
        throw new WrongPassphrase();
      }
    }
    c = Cipher.getInstance(cipher.endsWith("-cbc") ? "AES/CBC/NoPadding" : "AES/CTR/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
    return c.doFinal(section);
  }

  /** Key and IV lengths of the ciphers OpenSSH encrypts keys with, or null. */
  private static int[] parameters(String cipher) {
    return switch (cipher) {
      case "aes128-ctr", "aes128-cbc" -> new int[] {16, 16};
      case "aes192-ctr", "aes192-cbc" -> new int[] {24, 16};
      case "aes256-ctr", "aes256-cbc" -> new int[] {32, 16};
      case "aes256-gcm@openssh.com" -> new int[] {32, 12};
      case "aes128-gcm@openssh.com" -> new int[] {16, 12};
      default -> null;
    };
  }

  /** The passphrase did not decrypt the key. */
  static final class WrongPassphrase extends Exception {
    private static final long serialVersionUID = 1L;
  }
}
