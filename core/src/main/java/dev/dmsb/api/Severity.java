package dev.dmsb.api;

/** How much a lint diagnostic or a verify finding matters. */
public enum Severity {
  /** The build fails, the check fails, or the image is not what the Dockerfile says. */
  ERROR,
  /** Works, but likely not as meant. */
  WARNING,
  /** Advice. */
  INFO
}
