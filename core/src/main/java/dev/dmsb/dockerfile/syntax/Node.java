package dev.dmsb.dockerfile.syntax;

/**
 * A top-level piece of a Dockerfile. Nodes partition the text: each holds whole physical lines
 * including their line terminator, so concatenating {@link #raw()} of all nodes gives back the
 * input.
 */
public sealed interface Node permits DirectiveNode, TriviaNode, InstructionNode {
  /** The exact text of the node's lines, line terminators included. */
  String raw();

  /** The meaningful part: from the first non-blank char to the end of the last line's content. */
  SourceRange range();

  /** First line of the node. */
  default int line() {
    return range().start().line();
  }
}
