package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.Arguments;
import dev.dmsb.dockerfile.syntax.Heredoc;
import dev.dmsb.dockerfile.syntax.InstructionNode;
import java.util.List;

/**
 * {@code RUN [--mount=..]... [--network=..] [--security=..] command}.
 *
 * @param node the syntax node
 * @param mounts the mounts in order
 * @param network {@code --network}, or {@code null}
 * @param security {@code --security}, or {@code null}
 * @param command the command, JSON or shell form
 * @param heredocs here-documents
 */
public record Run(
    InstructionNode node,
    List<Mount> mounts,
    Text network,
    Text security,
    Arguments command,
    List<Heredoc> heredocs)
    implements Instruction {
  public Run {
    mounts = List.copyOf(mounts);
    heredocs = List.copyOf(heredocs);
  }
}
