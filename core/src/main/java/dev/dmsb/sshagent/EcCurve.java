package dev.dmsb.sshagent;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;

/** The NIST curves OpenSSH's ECDSA keys use, by their SSH name, JDK name and OID. */
enum EcCurve {
  P256("nistp256", "secp256r1", "1.2.840.10045.3.1.7", "SHA256withECDSA"),
  P384("nistp384", "secp384r1", "1.3.132.0.34", "SHA384withECDSA"),
  P521("nistp521", "secp521r1", "1.3.132.0.35", "SHA512withECDSA");

  private final String sshName;
  private final String jdkName;
  private final String oid;
  private final String signature;

  EcCurve(String sshName, String jdkName, String oid, String signature) {
    this.sshName = sshName;
    this.jdkName = jdkName;
    this.oid = oid;
    this.signature = signature;
  }

  String sshName() {
    return sshName;
  }

  String signature() {
    return signature;
  }

  static EcCurve bySshName(String name) {
    for (EcCurve c : values()) {
      if (c.sshName.equals(name)) {
        return c;
      }
    }
    return null;
  }

  static EcCurve byOid(String oid) {
    for (EcCurve c : values()) {
      if (c.oid.equals(oid)) {
        return c;
      }
    }
    return null;
  }

  ECParameterSpec spec() throws GeneralSecurityException {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec(jdkName));
    return p.getParameterSpec(ECParameterSpec.class);
  }

  /**
   * d × G in the uncompressed form SSH sends ({@code 04 || X || Y}), for a key file that stores
   * only the private scalar. Affine double-and-add: slow by ECDSA's standards, but done once per
   * key.
   */
  byte[] publicPoint(BigInteger d) throws GeneralSecurityException {
    ECParameterSpec spec = spec();
    BigInteger prime = ((ECFieldFp) spec.getCurve().getField()).getP();
    BigInteger a = spec.getCurve().getA();
    ECPoint g = spec.getGenerator();
    BigInteger[] result = null;
    BigInteger[] addend = {g.getAffineX(), g.getAffineY()};
    for (int i = 0; i < d.bitLength(); i++) {
      if (d.testBit(i)) {
        result = add(result, addend, prime, a);
      }
      addend = add(addend, addend, prime, a);
    }
    int size = (spec.getCurve().getField().getFieldSize() + 7) / 8;
    byte[] out = new byte[1 + 2 * size];
    out[0] = 4;
    put(result[0], out, 1, size);
    put(result[1], out, 1 + size, size);
    return out;
  }

  private static BigInteger[] add(BigInteger[] p, BigInteger[] q, BigInteger prime, BigInteger a) {
    if (p == null) {
      return q;
    }
    BigInteger lambda;
    if (p[0].equals(q[0])) {
      if (!p[1].equals(q[1]) || p[1].signum() == 0) {
        return null;
      }
      BigInteger three = BigInteger.valueOf(3);
      lambda =
          p[0].pow(2)
              .multiply(three)
              .add(a)
              .multiply(p[1].shiftLeft(1).modInverse(prime))
              .mod(prime);
    } else {
      lambda = q[1].subtract(p[1]).multiply(q[0].subtract(p[0]).modInverse(prime)).mod(prime);
    }
    BigInteger x = lambda.pow(2).subtract(p[0]).subtract(q[0]).mod(prime);
    BigInteger y = lambda.multiply(p[0].subtract(x)).subtract(p[1]).mod(prime);
    return new BigInteger[] {x, y};
  }

  private static void put(BigInteger v, byte[] out, int off, int size) {
    byte[] b = v.toByteArray();
    int n = Math.min(b.length, size);
    System.arraycopy(b, b.length - n, out, off + size - n, n);
  }
}
