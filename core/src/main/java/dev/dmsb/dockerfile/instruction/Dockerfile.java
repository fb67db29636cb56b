package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.DockerfileParser;
import dev.dmsb.dockerfile.syntax.Problem;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Dockerfile: the lossless tree, the typed instructions in order, and every problem the
 * parser or the instruction reader found (syntax problems first). Never thrown: read the problems.
 *
 * @param tree the syntax tree
 * @param instructions the instructions in file order
 * @param problems parse and instruction problems
 */
public record Dockerfile(SyntaxTree tree, List<Instruction> instructions, List<Problem> problems) {
  public Dockerfile {
    instructions = List.copyOf(instructions);
    problems = List.copyOf(problems);
  }

  /** Parses text; never throws. */
  public static Dockerfile parse(String text) {
    return of(DockerfileParser.parse(text));
  }

  /** Types the instructions of a syntax tree; never throws. */
  public static Dockerfile of(SyntaxTree tree) {
    List<Problem> problems = new ArrayList<>(tree.problems());
    InstructionReader reader = new InstructionReader(tree, problems);
    List<Instruction> instructions = new ArrayList<>();
    for (var node : tree.instructions()) {
      instructions.add(reader.read(node));
    }
    return new Dockerfile(tree, instructions, problems);
  }
}
