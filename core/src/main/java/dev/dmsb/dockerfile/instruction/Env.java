package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.InstructionNode;
import java.util.List;

/**
 * {@code ENV k=v ...} or the legacy {@code ENV k v}.
 *
 * @param node the syntax node
 * @param pairs the pairs
 * @param legacyForm whether written as {@code ENV k v}
 */
public record Env(InstructionNode node, List<KeyValue> pairs, boolean legacyForm)
    implements Instruction {
  public Env {
    pairs = List.copyOf(pairs);
  }
}
