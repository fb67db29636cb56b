package dev.dmsb.build;

import dev.dmsb.dockerfile.graph.ContextSource;
import dev.dmsb.dockerfile.graph.ContextSources;
import dev.dmsb.dockerfile.graph.ExternalImageUse;
import dev.dmsb.dockerfile.graph.StageGraph;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the stage graph tells a build: the context sources to prune to (when bounded) and the
 * external images to pull first.
 *
 * @param contextSources the COPY/ADD/bind-mount sources of the reachable stages, or empty when the
 *     context can't be pruned
 * @param externalImages the images the reachable stages use, each once
 */
public record BuildPlan(Optional<Set<String>> contextSources, List<String> externalImages) {
  public BuildPlan {
    contextSources = contextSources.map(Set::copyOf);
    externalImages = List.copyOf(externalImages);
  }

  /** The plan of {@code graph}; {@code prune == false} keeps the whole context. */
  public static BuildPlan of(StageGraph graph, boolean prune) {
    ContextSources sources = graph.contextSources();
    Optional<Set<String>> patterns = Optional.empty();
    if (prune && sources.bounded()) {
      Set<String> set = new LinkedHashSet<>();
      for (ContextSource s : sources.sources()) {
        set.add(s.pattern());
      }
      patterns = Optional.of(set);
    }
    Set<String> images = new LinkedHashSet<>();
    for (ExternalImageUse use : graph.externalImages()) {
      images.add(use.reference());
    }
    return new BuildPlan(patterns, List.copyOf(images));
  }
}
