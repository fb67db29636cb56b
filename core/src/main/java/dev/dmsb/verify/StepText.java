package dev.dmsb.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a history entry was written by a Dockerfile instruction: same keyword, and text
 * that agrees once each builder's way of writing it is undone. When the instruction's text holds a
 * variable ({@code $X}) the builder expanded it, so only the keyword is compared.
 */
final class StepText {
  private static final Pattern PORT = Pattern.compile("(\\d+)(?:/(tcp|udp|sctp))?");

  private StepText() {}

  static boolean agrees(ExpectedStep step, CreatedBy entry) {
    if (!step.keyword().equals(entry.keyword()) || !flagsAgree(step, entry)) {
      return false;
    }
    String args = step.arguments().strip();
    String text = entry.text();
    boolean buildah = entry.builder() == CreatedBy.Form.BUILDAH;
    return switch (step.keyword()) {
      // RUN text is recorded unexpanded (the shell expands it), so it compares literally
      case "RUN" -> RunText.agrees(step, text);
      case "COPY", "ADD" -> copyAgrees(args, entry);
      case "ENV", "LABEL" -> same(pairs(args), buildah ? pairs(text) : squash(text));
      case "CMD", "ENTRYPOINT" ->
          buildah ? asWritten(args, text) : same(goQuoted(execOrShell(args)), text.strip());
      case "EXPOSE" -> args.contains("$") || ports(args).equals(ports(text));
      case "WORKDIR" -> same(args, text.strip()) || same("*/" + args, text.strip());
      // Buildah's ARG entry lists the build args given so far, not the instruction's name
      case "ARG" -> buildah || name(args).equals(name(text));
      case "USER", "STOPSIGNAL", "MAINTAINER" -> same(squash(args), squash(text));
      case "VOLUME", "SHELL" -> !buildah || asWritten(args, text);
      default -> true; // HEALTHCHECK, ONBUILD: written in Go syntax; kind is enough
    };
  }

  /**
   * Every flag the builder wrote is one of the instruction's, with the same value (BuildKit 0.13+
   * writes {@code --chown}, {@code --chmod} and {@code --parents} of COPY/ADD, the legacy builder
   * {@code --chown}, Buildah RUN's {@code --mount}); older builders write none.
   */
  private static boolean flagsAgree(ExpectedStep step, CreatedBy entry) {
    for (String written : entry.flags()) {
      boolean found = false;
      for (String flag : step.flags()) {
        found |= written.contains("=") ? same(flag, written) : flagName(flag).equals(written);
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static String flagName(String flag) {
    int eq = flag.indexOf('=');
    return eq < 0 ? flag : flag.substring(0, eq);
  }

  /** Buildah writes the instruction as written: the same text, or the same JSON words. */
  private static boolean asWritten(String args, String text) {
    List<String> a = jsonArray(args);
    List<String> b = jsonArray(text);
    if (a != null && b != null) {
      return a.equals(b);
    }
    return same(squash(args), squash(text));
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$(?:\\{[^}]*}|[A-Za-z_][A-Za-z0-9_]*)|\\*");

  /**
   * Whether the builder's text is the expected text. The builder expanded {@code $X} and {@code
   * ${X}} (values are not known here), so a variable matches any text; {@code *} too.
   */
  static boolean same(String expected, String actual) {
    if (!expected.contains("$") && !expected.contains("*")) {
      return expected.equals(actual);
    }
    StringBuilder re = new StringBuilder();
    Matcher m = VARIABLE.matcher(expected);
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(expected.substring(last, m.start()))).append(".*");
      last = m.end();
    }
    re.append(Pattern.quote(expected.substring(last)));
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(actual).matches();
  }

  private static boolean copyAgrees(String args, CreatedBy entry) {
    List<String> words = jsonArray(args);
    if (words == null) {
      words = List.of(args.strip().split("\\s+"));
    }
    if (entry.builder() == CreatedBy.Form.LEGACY) {
      // the legacy builder records a content hash and the destination only
      return !words.isEmpty() && same(words.get(words.size() - 1), entry.text());
    }
    return same(squash(String.join(" ", words)), squash(entry.text()));
  }

  private static List<String> execOrShell(String args) {
    List<String> exec = jsonArray(args);
    return exec != null ? exec : List.of("/bin/sh", "-c", args);
  }

  /** Go's {@code %q} of a string slice, as both builders write CMD and ENTRYPOINT. */
  static String goQuoted(List<String> words) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < words.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append('"');
      for (char c : words.get(i).toCharArray()) {
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\t' -> sb.append("\\t");
          default -> sb.append(c);
        }
      }
      sb.append('"');
    }
    return sb.append(']').toString();
  }

  /** A JSON array of strings, or null when {@code s} is not one (then it is shell form). */
  static List<String> jsonArray(String s) {
    String t = s.strip();
    if (!t.startsWith("[") || !t.endsWith("]")) {
      return null;
    }
    List<String> out = new ArrayList<>();
    int i = 1;
    while (i < t.length() - 1) {
      char c = t.charAt(i);
      if (Character.isWhitespace(c) || c == ',') {
        i++;
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (i < t.length() && t.charAt(i) != '"') {
          char d = t.charAt(i);
          if (d == '\\' && i + 1 < t.length()) {
            char e = t.charAt(++i);
            sb.append(
                switch (e) {
                  case 'n' -> '\n';
                  case 't' -> '\t';
                  default -> e;
                });
          } else {
            sb.append(d);
          }
          i++;
        }
        if (i >= t.length()) {
          return null;
        }
        out.add(sb.toString());
        i++;
      } else {
        return null;
      }
    }
    return out;
  }

  /** {@code K=V K2=V2} (quotes removed) from ENV/LABEL arguments in either Dockerfile form. */
  static String pairs(String args) {
    List<String> words = shellWords(args);
    if (words.isEmpty()) {
      return "";
    }
    if (!words.get(0).contains("=")) {
      // the old "ENV KEY value with spaces" form
      String value =
          args.strip().substring(args.strip().indexOf(words.get(0)) + words.get(0).length());
      return words.get(0) + "=" + unquote(value.strip());
    }
    return String.join(" ", words);
  }

  /** Splits on blanks outside quotes, removing the quotes (the way the Dockerfile parser does). */
  static List<String> shellWords(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean any = false;
    char quote = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
          cur.append(s.charAt(++i));
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        any = true;
      } else if (c == '\\' && i + 1 < s.length()) {
        cur.append(s.charAt(++i));
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
        any = true;
      }
    }
    if (any) {
      out.add(cur.toString());
    }
    return out;
  }

  private static String unquote(String s) {
    List<String> w = shellWords(s);
    return String.join(" ", w);
  }

  private static TreeSet<String> ports(String s) {
    TreeSet<String> out = new TreeSet<>();
    Matcher m = PORT.matcher(s);
    while (m.find()) {
      out.add(m.group(1) + "/" + (m.group(2) == null ? "tcp" : m.group(2)));
    }
    return out;
  }

  private static String name(String argText) {
    String t = argText.strip();
    int eq = t.indexOf('=');
    return (eq < 0 ? t : t.substring(0, eq)).toUpperCase(Locale.ROOT);
  }

  static String squash(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }
}
