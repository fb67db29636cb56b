package dev.dmsb.dockerfile.graph;

import java.util.OptionalInt;

/** What a FROM, {@code COPY --from} or {@code RUN --mount from=} refers to, once resolved. */
public sealed interface StageRef {
  /** The stage index referred to, when the reference is to a stage of this file. */
  default OptionalInt stageIndex() {
    return OptionalInt.empty();
  }

  /**
   * A stage by name.
   *
   * @param written the name as written (after ARG expansion for FROM)
   * @param stage the index of the stage it binds to
   */
  record Named(String written, int stage) implements StageRef {
    @Override
    public OptionalInt stageIndex() {
      return OptionalInt.of(stage);
    }
  }

  /**
   * A stage by number ({@code --from=0}), counted over FROM instructions from 0.
   *
   * @param stage the index
   */
  record Indexed(int stage) implements StageRef {
    @Override
    public OptionalInt stageIndex() {
      return OptionalInt.of(stage);
    }
  }

  /**
   * An image from a registry or the local store.
   *
   * @param reference the image reference as the engine will resolve it
   */
  record ExternalImage(String reference) implements StageRef {}

  /** {@code FROM scratch}: the empty filesystem. */
  record Scratch() implements StageRef {}

  /**
   * A reference the engine refuses before building (variable in {@code --from}, index out of range,
   * blank base name).
   *
   * @param written the text as written
   * @param reason the engine's words for why
   */
  record Invalid(String written, String reason) implements StageRef {}
}
