package dev.dmsb.sshagent;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The PEM key forms OpenSSL and {@code ssh-keygen -m PEM|PKCS8} write: PKCS#1 {@code RSA PRIVATE
 * KEY}, SEC1 {@code EC PRIVATE KEY} (both optionally with OpenSSL's {@code Proc-Type: 4,ENCRYPTED}
 * and {@code DEK-Info} headers), PKCS#8 {@code PRIVATE KEY} and {@code ENCRYPTED PRIVATE KEY}.
 */
final class PemKeyFile {
  private static final String RSA = "1.2.840.113549.1.1.1";
  private static final String EC = "1.2.840.10045.2.1";
  private static final String ED25519 = "1.3.101.112";

  private PemKeyFile() {}

  static boolean encrypted(String label, Map<String, String> headers) {
    return label.equals("ENCRYPTED PRIVATE KEY")
        || headers.getOrDefault("Proc-Type", "").contains("ENCRYPTED");
  }

  static AgentKey key(String label, Map<String, String> headers, byte[] der, char[] passphrase)
      throws KeyFormatException, OpensshKeyFile.WrongPassphrase, GeneralSecurityException {
    byte[] plain = der;
    if (label.equals("ENCRYPTED PRIVATE KEY")) {
      plain = pkcs8Decrypt(der, passphrase);
      label = "PRIVATE KEY";
    } else if (encrypted(label, headers)) {
      plain = openSslDecrypt(headers.getOrDefault("DEK-Info", ""), der, passphrase);
    }
    try {
      return switch (label) {
        case "RSA PRIVATE KEY" -> pkcs1(new Der.Reader(plain).sequence());
        case "EC PRIVATE KEY" -> sec1(new Der.Reader(plain).sequence(), null);
        case "PRIVATE KEY" -> pkcs8(new Der.Reader(plain).sequence());
        default -> throw new KeyFormatException("a PEM " + label + " is not a private key");
      };
    } catch (SshWire.Malformed e) {
      if (plain != der) {
        throw new OpensshKeyFile.WrongPassphrase();
      }
      throw new KeyFormatException("its " + label + " is malformed (" + e.getMessage() + ")");
    }
  }

  private static AgentKey pkcs1(Der.Reader r) throws GeneralSecurityException {
    r.integer(); // version
    BigInteger n = r.integer();
    BigInteger e = r.integer();
    BigInteger d = r.integer();
    BigInteger p = r.integer();
    BigInteger q = r.integer();
    r.integer();
    r.integer();
    BigInteger iqmp = r.integer();
    return AgentKey.rsa(n, e, d, p, q, iqmp, null);
  }

  private static AgentKey sec1(Der.Reader r, String curveOid)
      throws GeneralSecurityException, KeyFormatException {
    r.integer(); // version 1
    BigInteger d = new BigInteger(1, r.octets());
    byte[] point = null;
    while (r.hasMore()) {
      int tag = r.peekTag();
      Der.Reader tagged = r.constructed(tag);
      if (tag == 0xa0) {
        curveOid = tagged.oid();
      } else if (tag == 0xa1) {
        point = tagged.bits();
      }
    }
    EcCurve curve = curveOid == null ? null : EcCurve.byOid(curveOid);
    if (curve == null) {
      throw new KeyFormatException(
          "its elliptic curve "
              + curveOid
              + " is not one SSH uses (P-256, P-384 and P-521 are supported)");
    }
    return AgentKey.ecdsa(curve, d, point, null);
  }

  private static AgentKey pkcs8(Der.Reader r) throws GeneralSecurityException, KeyFormatException {
    r.integer(); // version
    Der.Reader algorithm = r.sequence();
    String oid = algorithm.oid();
    byte[] inner = r.octets();
    switch (oid) {
      case RSA:
        return pkcs1(new Der.Reader(inner).sequence());
      case EC:
        return sec1(new Der.Reader(inner).sequence(), algorithm.oid());
      case ED25519:
        byte[] seed = new Der.Reader(inner).octets();
        return AgentKey.ed25519(seed, ed25519PublicKey(seed), null);
      default:
        throw new KeyFormatException(
            "its key algorithm " + oid + " is not supported (RSA, ECDSA and Ed25519 are)");
    }
  }

  /**
   * The public key of an Ed25519 seed: the JDK derives it when it generates a key pair, so the
   * generator is handed the seed as its "random" bytes.
   */
  private static byte[] ed25519PublicKey(byte[] seed) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(
        NamedParameterSpec.ED25519,
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
          }
        });
    EdECPublicKey pub = (EdECPublicKey) g.generateKeyPair().getPublic();
    // RFC 8032's encoding: y little-endian, the top bit holding x's parity
    byte[] y = pub.getPoint().getY().toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < y.length; i++) {
      out[i] = y[y.length - 1 - i];
    }
    if (pub.getPoint().isXOdd()) {
      out[31] |= (byte) 0x80;
    }
    return out;
  }

  private static byte[] pkcs8Decrypt(byte[] der, char[] passphrase)
      throws GeneralSecurityException, OpensshKeyFile.WrongPassphrase, KeyFormatException {
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (java.io.IOException e) {
      throw new KeyFormatException("its ENCRYPTED PRIVATE KEY is malformed");
    }
    AlgorithmParameters params = info.getAlgParameters();
    // PBES2's parameters name the real scheme (e.g. PBEWithHmacSHA256AndAES_128)
    String scheme = params == null ? info.getAlgName() : params.toString();
    try {
      SecretKeyFactory factory = SecretKeyFactory.getInstance(scheme);
      Cipher c = Cipher.getInstance(scheme);
      c.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(passphrase)), params);
      return info.getKeySpec(c).getEncoded();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new KeyFormatException("its encryption " + scheme + " is not supported by the JDK");
    } catch (java.security.spec.InvalidKeySpecException e) {
      throw new OpensshKeyFile.WrongPassphrase();
    }
  }

  /** OpenSSL's traditional encryption: EVP_BytesToKey(MD5, salt = the IV's first 8 bytes). */
  private static byte[] openSslDecrypt(String dekInfo, byte[] der, char[] passphrase)
      throws GeneralSecurityException, OpensshKeyFile.WrongPassphrase, KeyFormatException {
    int comma = dekInfo.indexOf(',');
    String algorithm = comma < 0 ? dekInfo : dekInfo.substring(0, comma).trim();
    byte[] iv = HexFormat.of().parseHex(comma < 0 ? "" : dekInfo.substring(comma + 1).trim());
    String transformation;
    String keyAlgorithm;
    int keyLength;
    switch (algorithm) {
      case "AES-128-CBC" -> {
        transformation = "AES/CBC/PKCS5Padding";
        keyAlgorithm = "AES";
        keyLength = 16;
      }
      case "AES-192-CBC" -> {
        transformation = "AES/CBC/PKCS5Padding";
        keyAlgorithm = "AES";
        keyLength = 24;
      }
      case "AES-256-CBC" -> {
        transformation = "AES/CBC/PKCS5Padding";
        keyAlgorithm = "AES";
        keyLength = 32;
      }
      case "DES-EDE3-CBC" -> {
        transformation = "DESede/CBC/PKCS5Padding";
        keyAlgorithm = "DESede";
        keyLength = 24;
      }
      default ->
          throw new KeyFormatException(
              "its PEM encryption "
                  + algorithm
                  + " is not supported (AES-128/192/256-CBC and DES-EDE3-CBC are)");
    }
    if (iv.length < 8) {
      throw new KeyFormatException("its DEK-Info header has no IV");
    }
    byte[] pass = new String(passphrase).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    byte[] key = new byte[keyLength];
    byte[] block = new byte[0];
    for (int filled = 0; filled < keyLength; ) {
      md5.update(block);
      md5.update(pass);
      md5.update(iv, 0, 8);
      block = md5.digest();
      int n = Math.min(block.length, keyLength - filled);
      System.arraycopy(block, 0, key, filled, n);
      filled += n;
    }
    Arrays.fill(pass, (byte) 0);
    Cipher c = Cipher.getInstance(transformation);
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, keyAlgorithm), new IvParameterSpec(iv));
    Arrays.fill(key, (byte) 0);
    try {
      return c.doFinal(der);
    } catch (BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
      throw new OpensshKeyFile.WrongPassphrase();
    }
  }
}
