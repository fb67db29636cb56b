package dev.dmsb.dockerfile.rewrite;

import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.syntax.DirectiveNode;
import dev.dmsb.dockerfile.syntax.Node;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import dev.dmsb.dockerfile.syntax.TriviaNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Dockerfile's text into one block per stage, for pruning. A stage's block starts at the
 * comment lines written right above its FROM (and the blank lines above those), and ends where the
 * next stage's block starts, or at the end of the file. Whole lines only, so removing a block keeps
 * every other line as it was.
 */
final class StageBlocks {
  private final int[] starts;
  private final int[] ends;
  private final int[] nodeStarts;
  private final List<Node> nodes;

  private StageBlocks(int[] starts, int[] ends, int[] nodeStarts, List<Node> nodes) {
    this.starts = starts;
    this.ends = ends;
    this.nodeStarts = nodeStarts;
    this.nodes = nodes;
  }

  static StageBlocks of(SyntaxTree tree, List<Stage> stages) {
    List<Node> nodes = tree.nodes();
    int[] nodeStart = new int[nodes.size() + 1];
    int offset = tree.bom().length();
    for (int i = 0; i < nodes.size(); i++) {
      nodeStart[i] = offset;
      offset += nodes.get(i).raw().length();
    }
    nodeStart[nodes.size()] = offset;
    List<Integer> fromNodes = new ArrayList<>();
    int n = 0;
    for (Stage s : stages) {
      while (nodes.get(n) != s.from().node()) {
        n++;
      }
      fromNodes.add(n);
    }
    int[] starts = new int[stages.size()];
    int[] ends = new int[stages.size()];
    for (int k = 0; k < stages.size(); k++) {
      starts[k] = nodeStart[leadingStart(nodes, fromNodes.get(k))];
    }
    for (int k = 0; k < stages.size(); k++) {
      ends[k] = k + 1 < stages.size() ? starts[k + 1] : nodeStart[nodes.size()];
    }
    return new StageBlocks(starts, ends, nodeStart, nodes);
  }

  /**
   * The first node of a FROM's block: the comments right above it, then the blank lines above them,
   * unless those blank lines follow the parser directives (removing them could turn the next
   * comment into a directive).
   */
  private static int leadingStart(List<Node> nodes, int from) {
    int i = from;
    while (i > 0 && isTrivia(nodes.get(i - 1), TriviaNode.Kind.COMMENT)) {
      i--;
    }
    int comments = i;
    while (i > 0 && isTrivia(nodes.get(i - 1), TriviaNode.Kind.BLANK)) {
      i--;
    }
    if (i < comments && (i == 0 || nodes.get(i - 1) instanceof DirectiveNode)) {
      return comments;
    }
    return i;
  }

  private static boolean isTrivia(Node n, TriviaNode.Kind kind) {
    return n instanceof TriviaNode t && t.kind() == kind;
  }

  /** Offset where the file's content starts (after a BOM). */
  int contentStart() {
    return nodeStarts[0];
  }

  /** The offset after the blank lines that start at {@code offset} (itself when there are none). */
  int afterBlankLines(int offset) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodeStarts[i] >= offset) {
        int k = i;
        while (k < nodes.size() && isTrivia(nodes.get(k), TriviaNode.Kind.BLANK)) {
          k++;
        }
        return nodeStarts[k];
      }
    }
    return offset;
  }

  /** Offset where stage {@code index}'s block starts. */
  int start(int index) {
    return starts[index];
  }

  /** Offset where stage {@code index}'s block ends (exclusive). */
  int end(int index) {
    return ends[index];
  }
}
