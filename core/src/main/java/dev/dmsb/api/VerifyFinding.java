package dev.dmsb.api;

import java.util.List;

/**
 * Something the verification found.
 *
 * @param severity an error fails the verification
 * @param rule a stable id ({@code foreign-layer}, {@code builder-shipped}, {@code forbidden-file},
 *     {@code builder-file}, {@code missing-step}, {@code base-mismatch})
 * @param message what is wrong and how to fix it
 * @param evidence the layers or files it is about
 */
public record VerifyFinding(
    Severity severity, String rule, String message, List<FindingEvidence> evidence) {
  public VerifyFinding {
    evidence = List.copyOf(evidence);
  }
}
