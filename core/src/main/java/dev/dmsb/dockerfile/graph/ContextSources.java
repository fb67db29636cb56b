package dev.dmsb.dockerfile.graph;

import java.util.List;

/**
 * What the build reads from the context, so the context can be pruned to it.
 *
 * @param sources each source of COPY/ADD without {@code --from} and each bind mount without {@code
 *     from=}, in reachable stages
 * @param bounded false when a source may reach anything ({@code .}, {@code /}, a variable, a bind
 *     mount of the whole context): then the context must not be pruned
 */
public record ContextSources(List<ContextSource> sources, boolean bounded) {
  public ContextSources {
    sources = List.copyOf(sources);
  }
}
