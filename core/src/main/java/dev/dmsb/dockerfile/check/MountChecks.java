package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.Mount;
import dev.dmsb.dockerfile.instruction.Run;
import java.util.Locale;
import java.util.Set;

/**
 * Secret and SSH mounts of the stages a build needs whose id no {@code --secret} / {@code --ssh}
 * supplies. A secret's id defaults, as BuildKit has it, to the file name of its target; an SSH
 * mount's to {@code default}. {@code required} (bare or {@code true}) makes the finding an error.
 */
final class MountChecks {
  private final StageGraph graph;
  private final LintOptions options;
  private final Findings f;

  MountChecks(StageGraph graph, LintOptions options, Findings f) {
    this.graph = graph;
    this.options = options;
    this.f = f;
  }

  void run() {
    if (options.secrets() == null && options.ssh() == null) {
      return;
    }
    for (Stage stage : graph.reachable()) {
      for (Instruction i : stage.instructions()) {
        if (i instanceof Run run) {
          for (Mount m : run.mounts()) {
            check(stage, m);
          }
        }
      }
    }
  }

  private void check(Stage stage, Mount m) {
    String type = m.type() == null ? "" : m.type().toLowerCase(Locale.ROOT);
    Set<String> supplied;
    String id = m.options().get("id");
    String flag;
    if (type.equals("secret")) {
      supplied = options.secrets();
      if (id == null || id.isEmpty()) {
        String target = m.target();
        id = target == null ? null : target.substring(target.lastIndexOf('/') + 1);
      }
      flag = "--secret id=" + id + ",src=FILE";
    } else if (type.equals("ssh")) {
      supplied = options.ssh();
      if (id == null || id.isEmpty()) {
        id = "default";
      }
      flag = id.equals("default") ? "--ssh default" : "--ssh " + id + "=SOCKET";
    } else {
      return;
    }
    if (supplied == null || id == null || supplied.contains(id)) {
      return;
    }
    String required = m.options().get("required");
    boolean isRequired =
        required != null && (required.isEmpty() || required.equalsIgnoreCase("true"));
    f.add(
        Rules.UNSUPPLIED_BUILD_MOUNT,
        isRequired ? Severity.ERROR : Severity.WARNING,
        m.range(),
        java.util.List.of(),
        "the "
            + type
            + " mount '"
            + id
            + "' is supplied by no "
            + (type.equals("secret") ? "--secret" : "--ssh")
            + (isRequired ? " and is required: the build would fail" : ": nothing will be mounted")
            + "; add "
            + flag,
        stage,
        null);
  }
}
