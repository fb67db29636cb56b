package dev.dmsb.verify;

import java.util.Objects;

/**
 * One instruction of the expected chain that writes a history entry (every instruction after {@code
 * FROM}, layer-making or not).
 *
 * @param stage the stage's name, or its index as text when it has none
 * @param line 1-based Dockerfile line of the instruction
 * @param keyword the instruction keyword in upper case ({@code RUN}, {@code COPY}, {@code ENV},
 *     ...)
 * @param arguments the instruction's arguments as written, without flags ({@code --from=...}) and
 *     with continuation lines joined; JSON (exec) form stays JSON text
 */
public record ExpectedStep(String stage, int line, String keyword, String arguments) {
  public ExpectedStep {
    Objects.requireNonNull(stage, "stage");
    keyword = keyword.toUpperCase(java.util.Locale.ROOT);
    arguments = arguments == null ? "" : arguments;
  }

  /** {@code stage Dockerfile:line}, as shown in reports. */
  public String label() {
    return stage + " Dockerfile:" + line;
  }
}
