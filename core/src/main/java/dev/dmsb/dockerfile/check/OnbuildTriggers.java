package dev.dmsb.dockerfile.check;

import dev.dmsb.dockerfile.graph.Stage;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.instruction.Instruction;
import dev.dmsb.dockerfile.instruction.Onbuild;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The ONBUILD triggers a stage runs before its own instructions, as BuildKit's dispatcher finds
 * them: those of its base image's config ({@code Config.OnBuild}, when the config is known), or the
 * ONBUILD instructions of its base stage (only the stage's own: triggers do not carry on to a
 * grandchild). BuildKit reports what they do at the stage's FROM. It sets them up only in the
 * stages the target needs (the last stage when none is named), even where its lint dispatches every
 * stage.
 */
final class OnbuildTriggers {
  private OnbuildTriggers() {}

  static List<Instruction> of(Stage s, StageGraph graph, BaseImageLookup images) {
    List<Instruction> out = new ArrayList<>();
    if (!graph.isReachable(s)) {
      return out;
    }
    OptionalInt base = s.base().stageIndex();
    if (base.isPresent()) {
      if (base.getAsInt() < graph.stages().size()) {
        for (Instruction i : graph.stages().get(base.getAsInt()).instructions()) {
          if (i instanceof Onbuild o && o.trigger() != null) {
            out.add(o.trigger());
          }
        }
      }
      return out;
    }
    Optional<ImageFacts> facts = images.of(s);
    if (facts.isEmpty()) {
      return out;
    }
    for (String trigger : facts.get().onBuild()) {
      // as BuildKit, each trigger is read as a Dockerfile of one instruction (default escape)
      List<Instruction> read = Dockerfile.parse(trigger).instructions();
      if (read.size() == 1 && !(read.get(0) instanceof Onbuild)) {
        out.add(read.get(0));
      }
    }
    return out;
  }
}
