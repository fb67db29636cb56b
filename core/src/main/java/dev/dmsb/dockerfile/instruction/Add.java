package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.Heredoc;
import dev.dmsb.dockerfile.syntax.InstructionNode;
import java.util.List;

/**
 * {@code ADD [--chown] [--chmod] [--checksum] [--keep-git-dir] [--link] [--exclude] src... dest}.
 * ADD has no {@code --from}.
 *
 * @param node the syntax node
 * @param chown {@code --chown}, or {@code null}
 * @param chmod {@code --chmod}, or {@code null}
 * @param checksum {@code --checksum}, or {@code null}
 * @param link {@code --link}
 * @param keepGitDir {@code --keep-git-dir}
 * @param excludes {@code --exclude} patterns
 * @param sources sources as written (paths, URLs, heredoc words)
 * @param destination the destination, or {@code null}
 * @param heredocs inline files
 */
public record Add(
    InstructionNode node,
    Text chown,
    Text chmod,
    Text checksum,
    boolean link,
    boolean keepGitDir,
    List<Text> excludes,
    List<Text> sources,
    Text destination,
    List<Heredoc> heredocs)
    implements Instruction {
  public Add {
    excludes = List.copyOf(excludes);
    sources = List.copyOf(sources);
    heredocs = List.copyOf(heredocs);
  }
}
