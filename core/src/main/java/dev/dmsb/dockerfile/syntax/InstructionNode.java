package dev.dmsb.dockerfile.syntax;

import java.util.List;
import java.util.Locale;

/**
 * One instruction: its physical lines (continuations, comment lines inside them, heredoc bodies)
 * and its parts.
 *
 * @param raw the exact text of all its lines, terminators included
 * @param range from the keyword to the end of the last line (heredoc terminator included)
 * @param keyword the keyword as written (any case)
 * @param flags the builder flags in order
 * @param arguments the arguments after the flags
 * @param heredocs the here-documents, in order
 * @param trigger for ONBUILD, the wrapped instruction (its {@code raw} is empty: it is printed as
 *     part of this node); otherwise {@code null}
 * @param logicalText the logical line after the keyword as BuildKit sees it (continuations joined)
 */
public record InstructionNode(
    String raw,
    SourceRange range,
    Word keyword,
    List<Flag> flags,
    Arguments arguments,
    List<Heredoc> heredocs,
    InstructionNode trigger,
    String logicalText)
    implements Node {
  public InstructionNode {
    flags = List.copyOf(flags);
    heredocs = List.copyOf(heredocs);
  }

  /** The keyword upper-cased, e.g. {@code COPY}. */
  public String keywordUpper() {
    return keyword.text().toUpperCase(Locale.ROOT);
  }
}
