package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.Heredoc;
import dev.dmsb.dockerfile.syntax.InstructionNode;
import java.util.List;

/**
 * {@code COPY [--from=..] [--chown=..] [--chmod=..] [--link] [--parents] [--exclude=..] src...
 * dest}.
 *
 * @param node the syntax node
 * @param from the {@code --from} value and its range, or {@code null}
 * @param chown {@code --chown}, or {@code null}
 * @param chmod {@code --chmod}, or {@code null}
 * @param link {@code --link}
 * @param parents {@code --parents}
 * @param excludes {@code --exclude} patterns
 * @param sources source paths as written (a heredoc source is its {@code <<EOF} word)
 * @param destination the destination, or {@code null} when missing
 * @param heredocs inline files
 */
public record Copy(
    InstructionNode node,
    Text from,
    Text chown,
    Text chmod,
    boolean link,
    boolean parents,
    List<Text> excludes,
    List<Text> sources,
    Text destination,
    List<Heredoc> heredocs)
    implements Instruction {
  public Copy {
    excludes = List.copyOf(excludes);
    sources = List.copyOf(sources);
    heredocs = List.copyOf(heredocs);
  }
}
