package dev.dmsb.build;

import dev.dmsb.engine.BuildEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches the engine's events to know, if the build fails, which step failed and the last lines it
 * printed. Memory is bounded: a few lines per step.
 */
final class FailureTracker {
  static final int TAIL = 20;

  /** Buildah's line for the image a step committed: {@code --> e72aaf27e74}. */
  static final java.util.regex.Pattern BUILDAH_STEP_IMAGE =
      java.util.regex.Pattern.compile("^--> ([0-9a-f]{7,64})$");

  /**
   * Buildah's step line: {@code STEP 2/3: RUN make}, in a multi-stage build {@code [1/2] STEP …}.
   */
  static final java.util.regex.Pattern BUILDAH_STEP =
      java.util.regex.Pattern.compile("^(?:\\[\\d+/\\d+\\] )?STEP \\d+/\\d+: ");

  private final Map<String, String> vertexNames = new HashMap<>();
  private final Map<String, Deque<String>> vertexOutput = new HashMap<>();
  private String failedVertex;
  private String legacyStep;
  private final Deque<String> legacyOutput = new ArrayDeque<>();

  void on(BuildEvent event) {
    if (event instanceof BuildEvent.Vertex v) {
      vertexNames.put(v.digest(), v.name());
      if (v.error() != null && !v.error().isBlank() && failedVertex == null) {
        failedVertex = v.digest();
      }
    } else if (event instanceof BuildEvent.VertexLog log) {
      Deque<String> lines =
          vertexOutput.computeIfAbsent(log.vertexDigest(), k -> new ArrayDeque<>());
      for (String line : new String(log.data(), StandardCharsets.UTF_8).split("\r?\n")) {
        if (!line.isBlank()) {
          add(lines, line);
        }
      }
    } else if (event instanceof BuildEvent.Text t) {
      for (String line : t.text().split("\r?\n")) {
        if ((line.startsWith("Step ") && line.contains(" : "))
            || BUILDAH_STEP.matcher(line).find()) { // Buildah's form
          legacyStep = line.strip();
          legacyOutput.clear();
        } else if (!line.isBlank()
            && !line.startsWith(" ---> ")
            && !BUILDAH_STEP_IMAGE.matcher(line).matches()
            && !line.startsWith("Removing intermediate container")) {
          add(legacyOutput, line);
        }
      }
    }
  }

  private static void add(Deque<String> lines, String line) {
    lines.addLast(line);
    while (lines.size() > TAIL) {
      lines.removeFirst();
    }
  }

  /** The failed step's name as the engine gave it, or null. */
  String failedStep() {
    if (failedVertex != null) {
      return vertexNames.get(failedVertex);
    }
    return legacyStep;
  }

  /** The last lines the failed step printed. */
  List<String> failedOutput() {
    if (failedVertex != null) {
      return List.copyOf(vertexOutput.getOrDefault(failedVertex, new ArrayDeque<>()));
    }
    return List.copyOf(legacyOutput);
  }
}
