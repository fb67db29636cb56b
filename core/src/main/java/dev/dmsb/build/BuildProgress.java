package dev.dmsb.build;

import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuilderKind;

/** What a build reports while it runs; a front end renders these. */
public sealed interface BuildProgress {

  /** The build is submitted with this builder; {@code dockerfile} is its name in the context. */
  record Started(BuilderKind builder, String dockerfile, boolean pruned) implements BuildProgress {}

  /**
   * Something about the image the user should know before trusting it (a file in it that the docker
   * CLI would have kept out); shown even when progress is not.
   */
  record Warning(String message) implements BuildProgress {}

  /**
   * How the context reaches the engine: through a BuildKit session (the engine asks for files) or
   * as an upload; front ends show it when asked to be verbose.
   */
  record Transport(String description) implements BuildProgress {}

  /** An external image is pulled before the build (BuildKit can't ask for credentials). */
  record Pulling(String image) implements BuildProgress {}

  /** Something the engine said. */
  record Engine(BuildEvent event) implements BuildProgress {}

  /** The context has been sent. */
  record ContextSent(ContextStats stats, boolean pruned) implements BuildProgress {}

  /** What the build host reported: its own warnings as {@link Warning}, the engine's as is. */
  static BuildProgress of(BuildEvent event) {
    return event instanceof BuildEvent.Warning w ? new Warning(w.message()) : new Engine(event);
  }
}
