package dev.dmsb.dockerfile.check;

/** How a stage reference is written: a stage index, or a bare name that may be a stage's. */
final class WrittenReference {
  private WrittenReference() {}

  /** Digits only: {@code FROM 0}, {@code --from=1}, {@code from=2}. */
  static boolean isNumber(String v) {
    if (v.isEmpty()) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** No registry, path, tag or digest: a name a stage could have. */
  static boolean isBareName(String v) {
    return v.indexOf(':') < 0 && v.indexOf('/') < 0 && v.indexOf('@') < 0;
  }
}
