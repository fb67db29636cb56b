package dev.dmsb.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A history entry's {@code CreatedBy} read back into an instruction keyword and its text, for each
 * builder's forms:
 *
 * <ul>
 *   <li>BuildKit: {@code RUN |1 V=1 /bin/sh -c cmd # buildkit}, {@code COPY src dst # buildkit}
 *       (from 0.13, Docker 26: {@code COPY --chown=1:1 --chmod=644 src dst # buildkit}), {@code
 *       WORKDIR /x}, {@code ENV K=V}, {@code CMD ["a" "b"]}, {@code EXPOSE map[80/tcp:{}]} (from
 *       0.25, Docker 28.5: {@code EXPOSE [80/tcp]});
 *   <li>legacy: {@code /bin/sh -c #(nop) ENV K=V} (two spaces: a metadata commit), {@code /bin/sh
 *       -c #(nop) COPY --chown=1:1 dir:<hash> in /opt/ } (20.10 writes no space before the hash),
 *       and plain {@code |1 V=1 /bin/sh -c cmd} for RUN;
 *   <li>Buildah (Podman): {@code /bin/sh -c #(nop) ENV K V} (one space, the instruction as
 *       written), COPY/ADD as the legacy builder, and RUN as {@code |1 V=1 /bin/sh -c --mount=...
 *       cmd} (its flags kept, exec form as JSON text).
 * </ul>
 *
 * @param builder which builder's form it is
 * @param keyword the instruction keyword, upper case; {@code RUN} for a legacy command; empty when
 *     unknown
 * @param text the instruction's text with the decoration removed: the command for RUN (build-arg
 *     prefix, flags and {@code /bin/sh -c} stripped), the destination for a legacy COPY/ADD, the
 *     arguments after the flags otherwise
 * @param flags the flags the builder wrote ({@code chown=1000:1000}, {@code link}), in order
 * @param metadataOnly true when the form says no filesystem layer can have been made
 * @param shown the instruction for display
 */
record CreatedBy(
    Form builder,
    String keyword,
    String text,
    List<String> flags,
    boolean metadataOnly,
    String shown) {

  /** Which builder wrote an entry. */
  enum Form {
    BUILDKIT,
    /** the legacy builder, or Buildah where the two write the same (COPY, ADD, WORKDIR, RUN) */
    LEGACY,
    /** Buildah's metadata entries: the instruction as written */
    BUILDAH,
    UNKNOWN
  }

  CreatedBy {
    flags = List.copyOf(flags);
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
  private static final Pattern LEGACY_SOURCE = Pattern.compile("(?:file|dir|multi):");

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
      List<String> flags = new ArrayList<>();
      String text;
      if (first.equals("RUN")) {
        text = runCommand(args);
      } else if (first.equals("COPY") || first.equals("ADD")) {
        text = leadingFlags(args, flags);
      } else {
        text = args;
      }
      boolean metadata = !buildkitState && !first.equals("WORKDIR");
      String shown = first + " " + (first.equals("RUN") ? text : args);
      return new CreatedBy(Form.BUILDKIT, first, text, flags, metadata, shown);
    }
    if (body.isBlank()) {
      return new CreatedBy(Form.UNKNOWN, "", "", List.of(), false, "");
    }
    // The legacy builder writes RUN as the bare command line (with an optional |N K=V prefix);
    // Buildah keeps the instruction's flags in front of the command.
    List<String> flags = new ArrayList<>();
    String cmd = leadingFlags(runCommand(body), flags);
    return new CreatedBy(Form.LEGACY, "RUN", cmd, flags, false, "RUN " + cmd);
  }

  private static CreatedBy legacyNop(String afterNop) {
    // withCmdComment writes "#(nop) " + " KEYWORD ..." (two spaces) for metadata commits;
    // COPY/ADD/WORKDIR use one space and may make a layer. Buildah writes every instruction after
    // one space, as written.
    boolean metadata = afterNop.startsWith(" ");
    String body = afterNop.strip();
    String keyword = firstWord(body).toUpperCase(Locale.ROOT);
    String args = rest(body);
    if (keyword.equals("COPY") || keyword.equals("ADD")) {
      // "[--chown=1:1 ]file:<sha256> in /dest " (dir:, multi:): only the flags and the
      // destination are comparable with the Dockerfile.
      List<String> flags = new ArrayList<>();
      String sources = legacyCopyFlags(args.strip(), flags);
      int in = sources.lastIndexOf(" in ");
      String text = in >= 0 ? sources.substring(in + 4).strip() : sources.strip();
      return new CreatedBy(
          Form.LEGACY, keyword, text, flags, false, keyword + " " + shortHashes(args.strip()));
    }
    Form form = metadata || keyword.equals("WORKDIR") ? Form.LEGACY : Form.BUILDAH;
    boolean metadataOnly = metadata || form == Form.BUILDAH;
    return new CreatedBy(
        form, keyword, args.strip(), List.of(), metadataOnly, keyword + " " + args.strip());
  }

  /** Moves the {@code --name[=value]} words at the start of {@code s} to {@code flags}. */
  static String leadingFlags(String s, List<String> flags) {
    String r = s.strip();
    while (r.startsWith("--")) {
      int sp = r.indexOf(' ');
      flags.add(r.substring(2, sp < 0 ? r.length() : sp));
      r = sp < 0 ? "" : r.substring(sp + 1).strip();
    }
    return r;
  }

  /** Legacy COPY/ADD flags: Docker 20.10 writes {@code --chown=1:1file:<hash>}, with no space. */
  private static String legacyCopyFlags(String s, List<String> flags) {
    String r = s;
    while (r.startsWith("--")) {
      Matcher source = LEGACY_SOURCE.matcher(r);
      int sp = r.indexOf(' ');
      int end = sp < 0 ? r.length() : sp;
      if (source.find() && source.start() < end) {
        end = source.start();
      }
      flags.add(r.substring(2, end));
      r = r.substring(end).strip();
    }
    return r;
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
      String args = space < 0 ? "" : r.substring(space + 1);
      r = args;
      for (int i = 0; i < n && !r.isEmpty(); i++) {
        int next = r.indexOf(' ');
        r = next < 0 ? "" : r.substring(next + 1);
      }
      // the builders write values unquoted, so a value with a space spans more than one word:
      // the command then starts at the shell
      int shell = args.indexOf(" " + SHELL_PREFIX);
      if (!r.startsWith(SHELL_PREFIX) && shell >= 0) {
        r = args.substring(shell + 1);
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

  /** The instruction for display in reports, on one line. */
  String display() {
    return shown.strip().replaceAll("\\s+", " ");
  }
}
