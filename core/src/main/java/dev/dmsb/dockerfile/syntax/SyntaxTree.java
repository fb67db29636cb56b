package dev.dmsb.dockerfile.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * A lossless Dockerfile syntax tree: {@link #print()} gives back the parsed text char for char.
 *
 * @param text the text given to the parser
 * @param bom "\uFEFF" when the text starts with a byte-order mark, else ""
 * @param nodes directives, comments, blank lines and instructions, in order, covering the text
 * @param problems what BuildKit's parser would reject or warn about (never thrown)
 * @param escape the escape character ({@code \} or {@code `})
 * @param lines offset to line/column mapping for {@code text}
 */
public record SyntaxTree(
    String text,
    String bom,
    List<Node> nodes,
    List<Problem> problems,
    char escape,
    LineIndex lines) {
  public SyntaxTree {
    nodes = List.copyOf(nodes);
    problems = List.copyOf(problems);
  }

  /**
   * Prints the tree: the BOM and every node's raw text. Equals {@link #text()} for a parsed tree.
   */
  public String print() {
    StringBuilder sb = new StringBuilder(text.length());
    sb.append(bom);
    for (Node n : nodes) {
      sb.append(n.raw());
    }
    return sb.toString();
  }

  /** The parser directives in order. */
  public List<DirectiveNode> directives() {
    List<DirectiveNode> out = new ArrayList<>();
    for (Node n : nodes) {
      if (n instanceof DirectiveNode d) {
        out.add(d);
      }
    }
    return out;
  }

  /** The instruction nodes in order. */
  public List<InstructionNode> instructions() {
    List<InstructionNode> out = new ArrayList<>();
    for (Node n : nodes) {
      if (n instanceof InstructionNode i) {
        out.add(i);
      }
    }
    return out;
  }

  /** The position of a char offset in {@link #text()}. */
  public SourcePosition position(int offset) {
    return lines.position(offset);
  }
}
