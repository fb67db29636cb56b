package dev.dmsb.buildkit;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Names in the order of their UTF-8 bytes, as Go compares strings. fsutil's receiver checks that
 * entries arrive in that order ("changes out of order" otherwise); {@link String#compareTo} orders
 * UTF-16 units, which differs for characters beyond U+FFFF.
 */
final class Utf8Order {
  static final Comparator<String> NAMES = Utf8Order::compare;

  private Utf8Order() {}

  static int compare(String a, String b) {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(x.length, y.length);
    for (int i = 0; i < n; i++) {
      int c = (x[i] & 0xff) - (y[i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return x.length - y.length;
  }
}
