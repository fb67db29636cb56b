package dev.dmsb.dockerfile.rewrite;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Pins image references to digests, asking the resolver once per reference. */
final class ImagePins {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private final DigestResolver resolver;
  private final Map<String, String> cache = new HashMap<>();

  ImagePins(DigestResolver resolver) {
    this.resolver = resolver;
  }

  /** Whether a reference already names a digest ({@code name@sha256:...}). */
  static boolean isPinned(String ref) {
    return ref.indexOf('@') >= 0;
  }

  /**
   * {@code name:tag@sha256:...} for {@code ref}; a reference without a tag gets {@code :latest},
   * the tag the engine would have used, so the pinned line still says which tag it came from.
   */
  static String pinned(String ref, String digest) {
    int slash = ref.lastIndexOf('/');
    boolean hasTag = ref.indexOf(':', slash + 1) >= 0;
    return ref + (hasTag ? "" : ":latest") + "@" + digest;
  }

  /** The digest of {@code ref}, checked to be a sha256 digest. */
  String digest(String ref) throws DigestUnavailableException {
    String cached = cache.get(ref);
    if (cached != null) {
      return cached;
    }
    String d = resolver.digest(ref);
    if (d == null || !DIGEST.matcher(d).matches()) {
      // a lookup that answers nonsense for one image answers nonsense for all
      throw DigestUnavailableException.lookupDown(
          "the lookup answered '" + d + "', not a sha256 digest", null);
    }
    cache.put(ref, d);
    return d;
  }
}
