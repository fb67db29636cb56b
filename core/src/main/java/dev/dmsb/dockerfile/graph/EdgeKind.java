package dev.dmsb.dockerfile.graph;

/** How one stage uses another stage or an image. */
public enum EdgeKind {
  /** {@code FROM <base>}. */
  FROM("FROM"),
  /** {@code COPY --from=<source>}. */
  COPY_FROM("COPY --from"),
  /** {@code RUN --mount=...,from=<source>}. */
  MOUNT_FROM("mount");

  private final String label;

  EdgeKind(String label) {
    this.label = label;
  }

  /** A short label for graphs and messages. */
  public String label() {
    return label;
  }
}
