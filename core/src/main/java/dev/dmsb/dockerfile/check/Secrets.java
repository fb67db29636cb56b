package dev.dmsb.dockerfile.check;

import java.util.regex.Pattern;

/** BuildKit's test for ARG and ENV names that look like they hold a secret. */
final class Secrets {
  private Secrets() {}

  // a word of the name (split by '_', or the whole name) is one of these
  private static final Pattern DENY =
      Pattern.compile(
          "(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)"
              + "(?:_|$)");
  private static final Pattern ALLOW = Pattern.compile("(?i)(?:_|^)(?:public|file|version)(?:_|$)");

  static boolean looksSecret(String name) {
    return DENY.matcher(name).find() && !ALLOW.matcher(name).find();
  }
}
