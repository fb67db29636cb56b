package dev.dmsb.verify;

import java.util.Locale;
import java.util.Set;

/**
 * A history entry's {@code CreatedBy} read back into an instruction keyword and its text, for both
 * builders' forms:
 *
 * <ul>
 *   <li>BuildKit: {@code RUN |1 V=1 /bin/sh -c cmd # buildkit}, {@code COPY src dst # buildkit},
 *       {@code WORKDIR /x}, {@code ENV K=V}, {@code CMD ["a" "b"]};
 *   <li>legacy: {@code /bin/sh -c #(nop) ENV K=V} (two spaces: a metadata commit), {@code /bin/sh
 *       -c #(nop) COPY dir:<hash> in /opt/ }, and plain {@code |1 V=1 /bin/sh -c cmd} for RUN.
 * </ul>
 *
 * @param builder which builder's form it is
 * @param keyword the instruction keyword, upper case; {@code RUN} for a legacy command; empty when
 *     unknown
 * @param text the instruction's text with the decoration removed: the command for RUN (build-arg
 *     prefix and {@code /bin/sh -c} stripped), the destination for a legacy COPY/ADD, the arguments
 *     otherwise
 * @param metadataOnly true when the form says no filesystem layer can have been made
 * @param shown the instruction for display
 */
record CreatedBy(Form builder, String keyword, String text, boolean metadataOnly, String shown) {

  /** Which builder wrote an entry. */
  enum Form {
    BUILDKIT,
    LEGACY,
    UNKNOWN
  }

  static final Set<String> KEYWORDS =
      Set.of(
          "RUN",
          "COPY",
          "ADD",
          "WORKDIR",
          "ENV",
          "LABEL",
          "CMD",
          "ENTRYPOINT",
          "EXPOSE",
          "USER",
          "VOLUME",
          "STOPSIGNAL",
          "SHELL",
          "ARG",
          "HEALTHCHECK",
          "ONBUILD",
          "MAINTAINER");

  private static final String NOP = "#(nop) ";
  private static final String BUILDKIT_SUFFIX = " # buildkit";
  private static final String SHELL_PREFIX = "/bin/sh -c ";

  static CreatedBy parse(String createdBy) {
    String s = createdBy == null ? "" : createdBy;
    int nop = s.indexOf(NOP);
    if (nop >= 0) {
      return legacyNop(s.substring(nop + NOP.length()));
    }
    boolean buildkitState = s.endsWith(BUILDKIT_SUFFIX);
    String body = buildkitState ? s.substring(0, s.length() - BUILDKIT_SUFFIX.length()) : s;
    String first = firstWord(body);
    if (KEYWORDS.contains(first) && !first.isEmpty()) {
      String args = rest(body);
      String text = first.equals("RUN") ? runCommand(args) : args;
      boolean metadata = !buildkitState && !first.equals("WORKDIR");
      return new CreatedBy(Form.BUILDKIT, first, text, metadata, first + " " + text);
    }
    if (body.isBlank()) {
      return new CreatedBy(Form.UNKNOWN, "", "", false, "");
    }
    // The legacy builder writes RUN as the bare command line (with an optional |N K=V prefix).
    String cmd = runCommand(body);
    return new CreatedBy(Form.LEGACY, "RUN", cmd, false, "RUN " + cmd);
  }

  private static CreatedBy legacyNop(String afterNop) {
    // withCmdComment writes "#(nop) " + " KEYWORD ..." (two spaces) for metadata commits;
    // COPY/ADD/WORKDIR use one space and may make a layer.
    boolean metadata = afterNop.startsWith(" ");
    String body = afterNop.strip();
    String keyword = firstWord(body).toUpperCase(Locale.ROOT);
    String args = rest(body);
    String text = args;
    String shown = keyword + " " + args.strip();
    if (keyword.equals("COPY") || keyword.equals("ADD")) {
      // "file:<sha256> in /dest " (or dir:, multi:, with an optional --chown=): only the
      // destination is comparable with the Dockerfile.
      int in = args.lastIndexOf(" in ");
      text = in >= 0 ? args.substring(in + 4).strip() : args.strip();
      shown = keyword + " " + shortHashes(args.strip());
    }
    return new CreatedBy(Form.LEGACY, keyword, text.strip(), metadata, shown);
  }

  /** Strips {@code |N K=V ...} (build args the command saw) and the {@code /bin/sh -c} shell. */
  static String runCommand(String s) {
    String r = s.strip();
    if (r.startsWith("|")) {
      int space = r.indexOf(' ');
      int n = 0;
      try {
        n = Integer.parseInt(r.substring(1, space < 0 ? r.length() : space));
      } catch (NumberFormatException e) {
        n = 0;
      }
      r = space < 0 ? "" : r.substring(space + 1);
      for (int i = 0; i < n && !r.isEmpty(); i++) {
        int next = r.indexOf(' ');
        r = next < 0 ? "" : r.substring(next + 1);
      }
    }
    if (r.startsWith(SHELL_PREFIX)) {
      r = r.substring(SHELL_PREFIX.length());
    }
    return r;
  }

  private static String shortHashes(String s) {
    return s.replaceAll("((?:file|dir|multi):[0-9a-f]{12})[0-9a-f]{52}", "$1");
  }

  private static String firstWord(String s) {
    int sp = s.indexOf(' ');
    return sp < 0 ? s : s.substring(0, sp);
  }

  private static String rest(String s) {
    int sp = s.indexOf(' ');
    return sp < 0 ? "" : s.substring(sp + 1);
  }

  /** The instruction for display in reports. */
  String display() {
    return shown.strip();
  }
}
