package dev.dmsb.api;

import java.util.List;

/**
 * The Dockerfile cannot be built as written: it is missing, or dmsb's checks found errors the
 * engine would stop at (or silently build something else for). {@link #diagnostics()} lists them.
 */
public class DockerfileProblemException extends DmsbException {
  private static final long serialVersionUID = 1L;
  private final transient List<LintDiagnostic> diagnostics;

  public DockerfileProblemException(String message, List<LintDiagnostic> diagnostics) {
    super(message);
    this.diagnostics = List.copyOf(diagnostics);
  }

  /** The diagnostics behind the failure, errors first; empty when the file itself is missing. */
  public List<LintDiagnostic> diagnostics() {
    return diagnostics;
  }
}
