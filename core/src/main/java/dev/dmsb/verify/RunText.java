package dev.dmsb.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The command lines a builder may have recorded for a RUN instruction, and whether a history
 * entry's command is one of them.
 *
 * <ul>
 *   <li>shell form: the command as written; exec form: its words joined by spaces (BuildKit and the
 *       legacy builder write {@code /bin/sh -c} in front of both);
 *   <li>a RUN that is one here-document ({@code RUN <<EOF}): BuildKit runs its body in the shell,
 *       or, when the body starts with {@code #!}, runs it as the file {@code /dev/pipes/<name>};
 *   <li>a command with here-documents ({@code RUN sh <<EOF}): the command line, then each body and
 *       its delimiter, after line breaks.
 * </ul>
 */
final class RunText {
  private static final String SHELL_PREFIX = "/bin/sh -c ";
  private static final Pattern ONE_HEREDOC = Pattern.compile("\\d*<<-?([\"']?)[^\\s\"']+\\1");

  private RunText() {}

  static boolean agrees(ExpectedStep step, String recorded) {
    List<String> words = StepText.jsonArray(recorded);
    // Buildah keeps the exec form's JSON after its /bin/sh -c
    String command = StepText.squash(words == null ? recorded : String.join(" ", words));
    for (String expected : candidates(step)) {
      String e = StepText.squash(expected);
      if (e.equals(command) || e.equals(StepText.squash(SHELL_PREFIX + command))) {
        return true;
      }
    }
    return false;
  }

  static List<String> candidates(ExpectedStep step) {
    String args = step.arguments().strip();
    List<String> exec = StepText.jsonArray(args);
    if (exec != null) {
      return List.of(String.join(" ", exec));
    }
    List<ExpectedStep.HereDocument> docs = step.heredocs();
    if (docs.isEmpty()) {
      return List.of(args);
    }
    List<String> out = new ArrayList<>();
    if (ONE_HEREDOC.matcher(args).matches()) {
      ExpectedStep.HereDocument doc = docs.get(0);
      out.add(doc.content().startsWith("#!") ? "/dev/pipes/" + doc.name() : doc.content());
    }
    StringBuilder full = new StringBuilder(args);
    for (ExpectedStep.HereDocument doc : docs) {
      full.append('\n').append(doc.content()).append(doc.name());
    }
    out.add(full.toString());
    return out;
  }
}
