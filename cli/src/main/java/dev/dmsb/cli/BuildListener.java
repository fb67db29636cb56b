package dev.dmsb.cli;

import dev.dmsb.build.BuildProgress;
import dev.dmsb.cli.progress.ProgressRenderer;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** What {@code dmsb build} does with the build's progress: the renderer's lines and warnings. */
final class BuildListener {
  private BuildListener() {}

  /** The renderer, and the build's warnings on {@code err} whatever the progress mode. */
  static Consumer<BuildProgress> warningsAnd(
      ProgressRenderer renderer, PrintWriter err, boolean verbose) {
    return p -> {
      if (p instanceof BuildProgress.Warning w) {
        err.println("dmsb: warning: " + w.message());
        err.flush();
      } else if (p instanceof BuildProgress.Transport t && verbose) {
        err.println("dmsb: " + t.description());
        err.flush();
      }
      renderer.accept(p);
    };
  }
}
