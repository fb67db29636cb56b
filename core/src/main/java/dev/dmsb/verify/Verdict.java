package dev.dmsb.verify;

/** The verdict on one history row. */
public enum Verdict {
  /** Accounted for by the base image or the final stage. */
  OK("ok"),
  /** From a stage the final stage builds {@code FROM}: the builder shipped. */
  SHIPPED("shipped"),
  /** Not from this Dockerfile's final stage. */
  FOREIGN("foreign"),
  /** Not checked against a Dockerfile. */
  UNCHECKED("-");

  private final String word;

  Verdict(String word) {
    this.word = word;
  }

  /** The word shown in reports. */
  public String word() {
    return word;
  }
}
