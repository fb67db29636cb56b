package dev.dmsb.dockerfile.check;

import java.util.regex.Pattern;

/**
 * Whether a text is an image reference the engine accepts, by the distribution reference grammar
 * ({@code [domain/]path[:tag][@digest]}, path components lower-case) that BuildKit parses FROM
 * with.
 */
final class ImageNames {
  private ImageNames() {}

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String HOST =
      "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
          + "|\\[[a-fA-F0-9:]+\\])";
  private static final Pattern DOMAIN = Pattern.compile(HOST + "(?::[0-9]+)?");
  private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
  private static final Pattern ID = Pattern.compile("[a-f0-9]{64}");

  static boolean isValid(String ref) {
    if (ref.isEmpty() || ref.length() > 255 + 200) {
      return false;
    }
    String rest = ref;
    int at = rest.indexOf('@');
    if (at >= 0) {
      if (!DIGEST.matcher(rest.substring(at + 1)).matches()) {
        return false;
      }
      rest = rest.substring(0, at);
    }
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      if (!TAG.matcher(rest.substring(colon + 1)).matches()) {
        return false;
      }
      rest = rest.substring(0, colon);
    }
    String path = rest;
    int first = rest.indexOf('/');
    if (first >= 0) {
      String head = rest.substring(0, first);
      boolean isDomain =
          head.contains(".")
              || head.contains(":")
              || head.equals("localhost")
              || !head.equals(head.toLowerCase(java.util.Locale.ROOT));
      if (isDomain) {
        if (!DOMAIN.matcher(head).matches()) {
          return false;
        }
        path = rest.substring(first + 1);
      }
    }
    return PATH.matcher(path).matches() && !(first < 0 && ID.matcher(path).matches());
  }
}
