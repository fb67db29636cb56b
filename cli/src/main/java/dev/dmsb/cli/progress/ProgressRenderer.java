package dev.dmsb.cli.progress;

import dev.dmsb.build.BuildProgress;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** Shows a build's progress on a stream; {@link #finish()} once the build is over. */
public interface ProgressRenderer extends Consumer<BuildProgress> {

  /** Draws what is left to draw (the final state of a live view). */
  void finish();

  /** The modes of {@code --progress}. */
  enum Mode {
    AUTO,
    TTY,
    PLAIN,
    JSON;

    /** The renderer for this mode; {@code terminal}: whether the stream is a terminal. */
    public ProgressRenderer open(PrintWriter err, boolean terminal) {
      return switch (this) {
        case TTY -> new TtyProgress(err);
        case PLAIN -> new PlainProgress(err);
        case JSON -> new JsonProgress(err);
        case AUTO -> terminal ? new TtyProgress(err) : new PlainProgress(err);
      };
    }
  }

  /** Shows nothing ({@code --quiet}). */
  static ProgressRenderer none() {
    return new ProgressRenderer() {
      @Override
      public void accept(BuildProgress p) {}

      @Override
      public void finish() {}
    };
  }
}
