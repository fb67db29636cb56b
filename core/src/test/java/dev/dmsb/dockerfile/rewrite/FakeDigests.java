package dev.dmsb.dockerfile.rewrite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** A resolver whose digest of a reference is the sha256 of its text; some references unknown. */
final class FakeDigests implements DigestResolver {
  final List<String> asked = new ArrayList<>();
  private final Set<String> missing;

  FakeDigests(Set<String> missing) {
    this.missing = missing;
  }

  static String of(String ref) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(ref.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public String digest(String imageRef) throws DigestUnavailableException {
    asked.add(imageRef);
    if (missing.contains(imageRef)) {
      throw new DigestUnavailableException("manifest unknown");
    }
    return of(imageRef);
  }
}
