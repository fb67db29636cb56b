package dev.dmsb.verify;

import java.util.List;

/**
 * Something the verifier found, with the evidence for it.
 *
 * @param severity an error fails verification
 * @param rule a stable identifier ({@code foreign-layer}, {@code builder-shipped}, {@code
 *     forbidden-file}, {@code builder-file}, {@code missing-step}, {@code base-mismatch})
 * @param message one sentence that says what is wrong and how to fix it
 * @param evidence the layers or files it is about
 */
public record Finding(Severity severity, String rule, String message, List<Evidence> evidence) {
  public Finding {
    evidence = List.copyOf(evidence);
  }

  /** The name of the {@link Check} this finding explains. */
  public String check() {
    return switch (rule) {
      case "foreign-layer", "missing-step" -> "dockerfile-chain";
      case "base-mismatch" -> "base-prefix";
      case "builder-shipped" -> "builder-not-shipped";
      case "forbidden-file" -> "forbidden-files";
      case "builder-file" -> "builder-files";
      default -> rule;
    };
  }
}
