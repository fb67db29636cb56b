package dev.dmsb.verify;

/** Where a history entry came from, as far as the verifier can tell. */
public sealed interface Attribution {

  /** The entry belongs to the base image. */
  record Base(String image) implements Attribution {}

  /** The entry was written by a Dockerfile instruction of a stage on the final stage's chain. */
  record Instruction(ExpectedStep step) implements Attribution {}

  /**
   * The legacy builder writes one {@code LABEL} entry per label passed to the build API (not in the
   * Dockerfile); {@code key} is the label.
   */
  record BuildLabel(String key) implements Attribution {}

  /** No Dockerfile was given, so the entry was not attributed. */
  record NotChecked() implements Attribution {}

  /** Neither the base image nor the expected chain accounts for the entry. */
  record Unaccounted() implements Attribution {}

  /** The stage column of the report: {@code base <image>}, a stage name, or a dash. */
  default String stage() {
    if (this instanceof Base b) {
      return "base " + b.image();
    }
    if (this instanceof Instruction i) {
      return i.step().stage();
    }
    if (this instanceof BuildLabel) {
      return "build label";
    }
    return this instanceof Unaccounted ? "?" : "-";
  }

  /** The Dockerfile line, or 0 when the entry has none. */
  default int line() {
    return this instanceof Instruction i ? i.step().line() : 0;
  }
}
