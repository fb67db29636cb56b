package dev.dmsb.verify;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Dockerfile says the image should consist of: the final stage's base (following {@code
 * FROM <stage>} down to an external image or {@code scratch}), then the history-writing
 * instructions of every stage on that chain, oldest first.
 *
 * @param baseImage the external base image, empty for {@code scratch}
 * @param stages the stages on the chain, from the one built on the base to the final stage
 * @param steps the instructions of those stages in build order
 */
public record ExpectedChain(
    Optional<String> baseImage, List<String> stages, List<ExpectedStep> steps) {
  public ExpectedChain {
    Objects.requireNonNull(baseImage, "baseImage");
    stages = List.copyOf(stages);
    steps = List.copyOf(steps);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a chain has at least the final stage");
    }
  }

  /** The final (target) stage. */
  public String finalStage() {
    return stages.get(stages.size() - 1);
  }

  /** Whether {@code stage} is the final stage. */
  public boolean isFinal(String stage) {
    return finalStage().equals(stage);
  }
}
