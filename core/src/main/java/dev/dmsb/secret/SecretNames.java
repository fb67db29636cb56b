package dev.dmsb.secret;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for secrets in what dmsb shows: a variable (build argument, {@code ENV}, {@code
 * ARG}, label) whose name contains {@code TOKEN}, {@code PASSWORD} or {@code SECRET}, in any case,
 * has its value replaced by {@value #MASK}. A build argument is no way to pass a secret (the legacy
 * builder writes it into the image's history, where anyone with the image reads it), but dmsb
 * should not copy it into a CI log or a test report as well.
 */
public final class SecretNames {
  /** What a hidden value is shown as. */
  public static final String MASK = "****";

  private static final Pattern SECRET_PART =
      Pattern.compile("TOKEN|PASSWORD|SECRET", Pattern.CASE_INSENSITIVE);

  /**
   * {@code NAME=value} after the start, a blank, {@code |} or a quote (so also {@code
   * "--db-password=x"} in an exec-form command). A value runs to the next blank or double quote, or
   * is quoted.
   */
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "(^|[\\s|\"'\\[,;(])(-{0,2}[A-Za-z_][A-Za-z0-9_.-]*)=(\"(?:[^\"\\\\]|\\\\.)*\"?|[^\\s\"]*)");

  /**
   * History entries made of assignments only: BuildKit's {@code ENV K=V}, {@code ARG K=V}, {@code
   * LABEL k=v}, and the legacy builder's {@code /bin/sh -c #(nop) ENV K=V}. Their values are
   * written unquoted, so one with blanks runs to the next assignment.
   */
  private static final Pattern ASSIGNMENTS_ONLY =
      Pattern.compile("^(?:/bin/sh -c #\\(nop\\)\\s+)?(?:ENV|ARG|LABEL)\\s");

  private static final Pattern NEXT_ASSIGNMENT =
      Pattern.compile("\\s-{0,2}[A-Za-z_][A-Za-z0-9_.-]*=");

  private SecretNames() {}

  /**
   * Whether a variable called {@code name} holds a secret ({@code API_TOKEN}, {@code dbPassword}).
   */
  public static boolean isSecret(String name) {
    return name != null && SECRET_PART.matcher(name.toUpperCase(Locale.ROOT)).find();
  }

  /**
   * {@code text} with the value of every {@code NAME=value} whose name {@linkplain #isSecret is a
   * secret} replaced by {@value #MASK}: the {@code |1 API_TOKEN=...} prefix builders put on {@code
   * RUN} history entries, {@code ENV}/{@code ARG}/{@code LABEL} entries, {@code --password=...}
   * arguments. Empty values stay empty; other text is unchanged.
   */
  public static String maskAssignments(String text) {
    if (text == null || text.indexOf('=') < 0) {
      return text;
    }
    boolean wholeValues = ASSIGNMENTS_ONLY.matcher(text).find();
    Matcher m = ASSIGNMENT.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int from = 0;
    while (m.find(from)) {
      String name = m.group(2);
      int valueStart = m.start(3);
      int valueEnd = m.end(3);
      if (wholeValues && !m.group(3).startsWith("\"")) {
        Matcher next = NEXT_ASSIGNMENT.matcher(text);
        valueEnd = next.find(valueStart) ? next.start() : text.length();
      }
      if (isSecret(name) && valueEnd > valueStart) {
        out.append(text, copied, valueStart).append(MASK);
        copied = valueEnd;
      }
      // The next assignment may start right after this value's terminating blank.
      from = Math.max(valueEnd, m.start(2) + 1);
      if (from >= text.length()) {
        break;
      }
    }
    return copied == 0 ? text : out.append(text, copied, text.length()).toString();
  }
}
