package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.syntax.InstructionNode;
import dev.dmsb.dockerfile.syntax.Node;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import dev.dmsb.dockerfile.syntax.TriviaNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BuildKit's comments above an instruction: the comment lines since the previous instruction, an
 * empty comment line ({@code #}) starting them anew; blank lines do not. They describe a stage or
 * an ARG (InvalidDefinitionDescription), and a {@code # check=...} among them applies to that
 * instruction's findings.
 */
final class InstructionComments {
  private static final Pattern DIRECTIVE =
      Pattern.compile("^\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");

  private final Map<InstructionNode, List<String>> above = new IdentityHashMap<>();
  private final List<InstructionNode> order = new ArrayList<>();

  InstructionComments(SyntaxTree tree) {
    List<String> run = new ArrayList<>();
    for (Node n : tree.nodes()) {
      if (n instanceof TriviaNode t && t.kind() == TriviaNode.Kind.COMMENT) {
        String c = t.commentText();
        if (c.isEmpty()) {
          run = new ArrayList<>();
        } else {
          run.add(c);
        }
      } else if (n instanceof InstructionNode i) {
        above.put(i, run);
        order.add(i);
        run = new ArrayList<>();
      }
    }
  }

  /** The comments above {@code node}, in order. */
  List<String> above(InstructionNode node) {
    return above.getOrDefault(node, List.of());
  }

  /**
   * The {@code # check=} comment above the instruction holding {@code offset}, as BuildKit reads it
   * (the first one, its value up to a space); empty when none, or when it does not parse.
   */
  Optional<CheckConfig> checkAt(int offset) {
    for (InstructionNode n : order) {
      if (n.range().start().offset() <= offset
          && offset < Math.max(n.range().end().offset(), n.range().start().offset() + 1)) {
        for (String c : above(n)) {
          Matcher m = DIRECTIVE.matcher(c);
          if (m.matches() && m.group(1).equalsIgnoreCase("check")) {
            String value = m.group(2);
            int space = value.indexOf(' ');
            try {
              return Optional.of(
                  CheckConfig.parseDirective(space < 0 ? value : value.substring(0, space)));
            } catch (IllegalArgumentException e) {
              return Optional.empty();
            }
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
