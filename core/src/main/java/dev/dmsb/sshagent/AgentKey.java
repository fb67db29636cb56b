package dev.dmsb.sshagent;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;

/**
 * A private key an in-process agent signs with: Ed25519, RSA or ECDSA (NIST P-256, P-384, P-521).
 * Its {@link #toString()} names the type and comment only; the key material never leaves it except
 * as signatures.
 */
public final class AgentKey {
  private final String type;
  private final byte[] publicBlob;
  private final String comment;
  private final PrivateKey key;
  private final EcCurve curve;

  private AgentKey(String type, byte[] publicBlob, String comment, PrivateKey key, EcCurve curve) {
    this.type = type;
    this.publicBlob = publicBlob;
    this.comment = comment == null ? "" : comment;
    this.key = key;
    this.curve = curve;
  }

  static AgentKey ed25519(byte[] seed, byte[] publicKey, String comment)
      throws GeneralSecurityException {
    PrivateKey k =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    byte[] blob = new SshWire.Writer().string("ssh-ed25519").string(publicKey).toBytes();
    return new AgentKey("ssh-ed25519", blob, comment, k, null);
  }

  static AgentKey rsa(
      BigInteger n,
      BigInteger e,
      BigInteger d,
      BigInteger p,
      BigInteger q,
      BigInteger iqmp,
      String comment)
      throws GeneralSecurityException {
    BigInteger one = BigInteger.ONE;
    PrivateKey k =
        KeyFactory.getInstance("RSA")
            .generatePrivate(
                new RSAPrivateCrtKeySpec(
                    n, e, d, p, q, d.mod(p.subtract(one)), d.mod(q.subtract(one)), iqmp));
    byte[] blob = new SshWire.Writer().string("ssh-rsa").mpint(e).mpint(n).toBytes();
    return new AgentKey("ssh-rsa", blob, comment, k, null);
  }

  static AgentKey ecdsa(EcCurve curve, BigInteger d, byte[] point, String comment)
      throws GeneralSecurityException {
    ECParameterSpec spec = curve.spec();
    PrivateKey k = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, spec));
    if (point == null) {
      point = curve.publicPoint(d);
    }
    String type = "ecdsa-sha2-" + curve.sshName();
    byte[] blob = new SshWire.Writer().string(type).string(curve.sshName()).string(point).toBytes();
    return new AgentKey(type, blob, comment, k, curve);
  }

  /** The key's SSH type, such as {@code ssh-ed25519} or {@code ecdsa-sha2-nistp256}. */
  public String type() {
    return type;
  }

  /** The public key in SSH's wire form, as {@code ssh-add -L} prints it in base64. */
  public byte[] publicBlob() {
    return publicBlob.clone();
  }

  /** The comment stored with the key (empty when the file holds none). */
  public String comment() {
    return comment;
  }

  AgentKey withComment(String newComment) {
    return new AgentKey(type, publicBlob, newComment, key, curve);
  }

  boolean matches(byte[] blob) {
    return Arrays.equals(publicBlob, blob);
  }

  /**
   * Signs {@code data} as an agent answers SSH_AGENTC_SIGN_REQUEST: an RSA key honours the {@code
   * rsa-sha2-256} (2) and {@code rsa-sha2-512} (4) flags and otherwise signs with SHA-1.
   *
   * @return the signature in SSH's wire form (algorithm name, then the signature)
   */
  byte[] sign(byte[] data, int flags) throws GeneralSecurityException {
    String algorithm;
    String jca;
    switch (type) {
      case "ssh-ed25519" -> {
        algorithm = type;
        jca = "Ed25519";
      }
      case "ssh-rsa" -> {
        if ((flags & 4) != 0) {
          algorithm = "rsa-sha2-512";
          jca = "SHA512withRSA";
        } else if ((flags & 2) != 0) {
          algorithm = "rsa-sha2-256";
          jca = "SHA256withRSA";
        } else {
          algorithm = "ssh-rsa";
          jca = "SHA1withRSA";
        }
      }
      default -> {
        algorithm = type;
        jca = curve.signature();
      }
    }
    Signature s = Signature.getInstance(jca);
    s.initSign(key);
    s.update(data);
    byte[] raw = s.sign();
    if (curve != null) {
      Der.Reader der = new Der.Reader(raw).sequence();
      raw = new SshWire.Writer().mpint(der.integer()).mpint(der.integer()).toBytes();
    }
    return new SshWire.Writer().string(algorithm).string(raw).toBytes();
  }

  @Override
  public String toString() {
    return type + (comment.isEmpty() ? "" : " " + comment);
  }
}
