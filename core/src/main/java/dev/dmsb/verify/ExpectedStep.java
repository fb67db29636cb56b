package dev.dmsb.verify;

import java.util.List;
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
 * @param flags the instruction's flags in order, {@code name=value} (quotes removed, variables not
 *     expanded) or {@code name} when written without a value: newer builders write some of them
 *     into the history ({@code COPY --chown=1000:1000 ...})
 * @param heredocs the instruction's here-documents in order: BuildKit runs a heredoc RUN's body and
 *     records it, not the {@code <<EOF} on the instruction line
 */
public record ExpectedStep(
    String stage,
    int line,
    String keyword,
    String arguments,
    List<String> flags,
    List<HereDocument> heredocs) {
  public ExpectedStep {
    Objects.requireNonNull(stage, "stage");
    keyword = keyword.toUpperCase(java.util.Locale.ROOT);
    arguments = arguments == null ? "" : arguments;
    flags = List.copyOf(flags);
    heredocs = List.copyOf(heredocs);
  }

  /** A step without flags or here-documents. */
  public ExpectedStep(String stage, int line, String keyword, String arguments) {
    this(stage, line, keyword, arguments, List.of(), List.of());
  }

  /**
   * A here-document of an instruction.
   *
   * @param name its delimiter ({@code EOF} for {@code <<EOF}), quotes removed
   * @param content its body as the builder reads it (line breaks kept, tabs stripped for {@code
   *     <<-})
   */
  public record HereDocument(String name, String content) {
    public HereDocument {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(content, "content");
    }
  }

  /** {@code stage Dockerfile:line}, as shown in reports. */
  public String label() {
    return stage + " Dockerfile:" + line;
  }
}
