package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;
import dev.dmsb.dockerfile.syntax.SourceRange;

/**
 * A typed Dockerfile instruction: one record per keyword, each keeping its syntax node (and so its
 * exact text and ranges) and the ranges of the values other steps edit or report.
 */
public sealed interface Instruction
    permits From,
        Copy,
        Add,
        Run,
        Arg,
        Env,
        Label,
        Cmd,
        Entrypoint,
        Workdir,
        User,
        Expose,
        Volume,
        Shell,
        Stopsignal,
        Healthcheck,
        Onbuild,
        Maintainer,
        UnknownInstruction {

  /** The syntax node: raw text, keyword, flags, arguments. */
  InstructionNode node();

  /** From the keyword to the end of the instruction. */
  default SourceRange range() {
    return node().range();
  }

  /** 1-based line of the keyword. */
  default int line() {
    return node().range().start().line();
  }

  /** The keyword upper-cased. */
  default String keyword() {
    return node().keywordUpper();
  }

  /**
   * Whether the instruction always adds a filesystem layer to the image (RUN, COPY, ADD). WORKDIR
   * may add one too under BuildKit when the directory is created; other instructions only change
   * the image config.
   */
  default boolean makesLayer() {
    return this instanceof Run || this instanceof Copy || this instanceof Add;
  }
}
