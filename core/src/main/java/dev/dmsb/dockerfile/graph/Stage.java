package dev.dmsb.dockerfile.graph;

import dev.dmsb.dockerfile.instruction.From;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.List;

/**
 * A build stage: a FROM and the instructions up to the next FROM.
 *
 * @param index position among the FROMs, from 0
 * @param name the name after AS as written, or {@code null}
 * @param lowerName the name lower-cased (how the engine registers it), or {@code null}
 * @param displayName the name, or {@code stage-<index>} as BuildKit calls unnamed stages
 * @param from the FROM instruction
 * @param baseName the base after global ARG expansion (e.g. {@code alpine:3.20}, {@code builder})
 * @param base what the base resolves to
 * @param platform the {@code --platform} value after ARG expansion, or {@code null}
 * @param instructions the instructions after FROM, in order
 * @param range from the FROM keyword to the end of the stage's last instruction
 */
public record Stage(
    int index,
    String name,
    String lowerName,
    String displayName,
    From from,
    String baseName,
    StageRef base,
    String platform,
    List<Instruction> instructions,
    SourceRange range) {
  public Stage {
    instructions = List.copyOf(instructions);
  }

  /** Whether the stage has a name. */
  public boolean isNamed() {
    return name != null;
  }

  /** The 1-based line of the FROM. */
  public int line() {
    return from.line();
  }

  /** A label for messages: {@code stage 'build'} or {@code stage 0}. */
  public String label() {
    return name != null ? "stage '" + name + "'" : "stage " + index;
  }
}
