package dev.dmsb.api;

/** The verdict on one history entry of a verified image. */
public enum LayerVerdict {
  /** From the base image or the final stage. */
  OK,
  /** From a stage the final stage builds {@code FROM}: the builder ships in the image. */
  SHIPPED,
  /** Not from this Dockerfile's final stage or its base. */
  FOREIGN,
  /** Not compared with a Dockerfile. */
  UNCHECKED
}
