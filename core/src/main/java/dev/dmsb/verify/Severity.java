package dev.dmsb.verify;

/** How much a finding matters: an error fails verification, a warning does not. */
public enum Severity {
  ERROR,
  WARNING
}
