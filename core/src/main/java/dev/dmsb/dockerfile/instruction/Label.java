package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;
import java.util.List;

/**
 * {@code LABEL k=v ...} or the legacy {@code LABEL k v}.
 *
 * @param node the syntax node
 * @param pairs the pairs
 * @param legacyForm whether written as {@code LABEL k v}
 */
public record Label(InstructionNode node, List<KeyValue> pairs, boolean legacyForm)
    implements Instruction {
  public Label {
    pairs = List.copyOf(pairs);
  }
}
