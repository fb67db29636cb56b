package dev.dmsb.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Dockerfile instruction behind a step name the engine reports: BuildKit's {@code
 * [builder 2/3] RUN make} or the legacy builder's {@code Step 5/9 : RUN make}. Works on the text of
 * the Dockerfile (logical lines, continuations, comments, the escape directive), so it needs no
 * parse tree; it only has to find a line to point at.
 */
final class StepLocator {

  /** One instruction: where it starts, its stage and its text with continuations joined. */
  record Instruction(int line, int column, String stage, String text, String sourceLine) {}

  // Buildah's step in a multi-stage build: "[2/3] STEP 4/5: RUN make", the stage's position in
  // the Dockerfile and the instruction's within its stage (its FROM is step 1)
  private static final Pattern BUILDAH_STAGED =
      Pattern.compile("^\\[(\\d+)/\\d+\\] STEP (\\d+)/\\d+: (.*)$");
  private static final Pattern BUILDKIT = Pattern.compile("^\\[(?:(\\S+) )?\\s*\\d+/\\d+\\] (.*)$");
  // The legacy builder's "Step 5/9 : RUN make", Buildah's (Podman's) "STEP 5/9: RUN make"
  private static final Pattern LEGACY =
      Pattern.compile("^(?:Step (\\d+)/\\d+ :|STEP (\\d+)/\\d+:) (.*)$");
  private static final Pattern FROM =
      Pattern.compile("(?i)^FROM\\s+(?:--\\S+\\s+)*\\S+(?:\\s+AS\\s+(\\S+))?\\s*$");

  private final List<Instruction> instructions;

  StepLocator(String dockerfile) {
    this.instructions = read(dockerfile);
  }

  List<Instruction> instructions() {
    return instructions;
  }

  /** The instruction behind {@code step}, or null. */
  Instruction locate(String step) {
    if (step == null) {
      return null;
    }
    Matcher staged = BUILDAH_STAGED.matcher(step.strip());
    if (staged.matches()) {
      return inStage(
          Integer.parseInt(staged.group(1)),
          Integer.parseInt(staged.group(2)),
          normalize(staged.group(3)));
    }
    Matcher bk = BUILDKIT.matcher(step.strip());
    if (bk.matches()) {
      String stage = bk.group(1);
      String text = normalize(bk.group(2));
      for (Instruction i : instructions) {
        if ((stage == null || stage.equalsIgnoreCase(i.stage()))
            && normalize(i.text()).equals(text)) {
          return i;
        }
      }
      return byText(text);
    }
    Matcher legacy = LEGACY.matcher(step.strip());
    if (legacy.matches()) {
      int n = Integer.parseInt(legacy.group(1) != null ? legacy.group(1) : legacy.group(2));
      String text = normalize(legacy.group(3));
      if (n >= 1
          && n <= instructions.size()
          && normalize(instructions.get(n - 1).text()).equals(text)) {
        return instructions.get(n - 1);
      }
      return byText(text);
    }
    return byText(normalize(step));
  }

  /**
   * The {@code step}-th instruction of the {@code stage}-th stage (both from 1), checked by text.
   */
  private Instruction inStage(int stage, int step, String text) {
    List<Instruction> own = new ArrayList<>();
    int stages = 0;
    for (Instruction i : instructions) {
      if (FROM.matcher(i.text()).matches()) {
        stages++;
      }
      if (stages == stage) {
        own.add(i);
      }
    }
    if (step >= 1 && step <= own.size() && normalize(own.get(step - 1).text()).equals(text)) {
      return own.get(step - 1);
    }
    for (Instruction i : own) {
      if (normalize(i.text()).equals(text)) {
        return i;
      }
    }
    return byText(text);
  }

  private Instruction byText(String text) {
    for (Instruction i : instructions) {
      if (normalize(i.text()).equals(text)) {
        return i;
      }
    }
    return null;
  }

  static String normalize(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  private static List<Instruction> read(String text) {
    String[] lines = text.split("\r?\n", -1);
    char escape = '\\';
    int first = 0;
    // Parser directives come first, before any instruction, comment or blank line.
    while (first < lines.length) {
      Matcher d = Pattern.compile("^#\\s*([a-zA-Z]+)\\s*=\\s*(\\S+)\\s*$").matcher(lines[first]);
      if (!d.matches()) {
        break;
      }
      if (d.group(1).equalsIgnoreCase("escape") && d.group(2).equals("`")) {
        escape = '`';
      }
      first++;
    }
    List<Instruction> out = new ArrayList<>();
    String stage = null;
    int stageIndex = -1;
    int i = first;
    while (i < lines.length) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        i++;
        continue;
      }
      int start = i;
      int column = line.indexOf(trimmed.charAt(0)) + 1;
      StringBuilder joined = new StringBuilder();
      String current = line;
      while (true) {
        String t = current.stripTrailing();
        if (!t.isEmpty() && t.charAt(t.length() - 1) == escape && i + 1 < lines.length) {
          joined.append(t, 0, t.length() - 1).append(' ');
          i++;
          // Comment lines inside a continuation are dropped, as Docker does.
          while (i < lines.length && lines[i].strip().startsWith("#")) {
            i++;
          }
          if (i >= lines.length) {
            break;
          }
          current = lines[i];
        } else {
          joined.append(t);
          break;
        }
      }
      i++;
      String instruction = joined.toString().strip();
      Matcher from = FROM.matcher(instruction);
      if (from.matches()) {
        stageIndex++;
        stage =
            from.group(1) != null ? from.group(1).toLowerCase(Locale.ROOT) : "stage-" + stageIndex;
      }
      out.add(new Instruction(start + 1, column, stage, instruction, lines[start]));
    }
    return out;
  }
}
