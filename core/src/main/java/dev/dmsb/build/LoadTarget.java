package dev.dmsb.build;

import dev.dmsb.engine.BuildHost;
import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code --load} ({@code -o type=docker} without a file), as buildx does it: where the host builds
 * into an image store (a Docker engine), the build goes there as without an output; on a buildkitd
 * with a Docker engine beside it, the {@code docker} archive comes back through the session into a
 * temporary file and is loaded into that engine ({@code POST /images/load}), then deleted.
 */
final class LoadTarget implements AutoCloseable {
  private final BuildSpec spec;
  private final Path archive;
  private final Engine engine;

  private LoadTarget(BuildSpec spec, Path archive, Engine engine) {
    this.spec = spec;
    this.archive = archive;
    this.engine = engine;
  }

  static LoadTarget of(BuildSpec spec, BuildHost host) throws EngineException, ContextException {
    BuildOutput out = spec.output();
    if (out == null || !out.type().equals("docker") || out.dest() != null) {
      return new LoadTarget(spec, null, null);
    }
    if (host.storesImages()) {
      return new LoadTarget(spec.withOutput(null), null, null);
    }
    Engine engine =
        host.imageStore()
            .orElseThrow(
                () ->
                    new EngineException(
                        "--load needs a Docker engine to load into, and the BuildKit daemon at "
                            + host.address()
                            + " has no image store; push with --push -t NAME or write a file"
                            + " with -o type=docker,dest=FILE"));
    try {
      Path file = Files.createTempFile("dmsb-load-", ".tar");
      return new LoadTarget(
          spec.withOutput(new BuildOutput("docker", file, out.attrs())), file, engine);
    } catch (IOException e) {
      throw new ContextException("cannot make a temporary file for --load: " + e.getMessage(), e);
    }
  }

  /** The spec to build. */
  BuildSpec spec() {
    return spec;
  }

  /** Loads the archive the build wrote, if this is a load. */
  BuildResult finish(BuildResult result, Consumer<BuildProgress> listener) throws EngineException {
    if (archive == null || result == null) {
      return result;
    }
    listener.accept(
        new BuildProgress.Transport("loading the image into the engine at " + engine.address()));
    try (InputStream in = Files.newInputStream(archive)) {
      engine.loadImage(in);
    } catch (IOException e) {
      throw new EngineException("cannot read the image archive " + archive + ": " + e, e);
    }
    return result;
  }

  @Override
  public void close() {
    if (archive != null) {
      try {
        Files.deleteIfExists(archive);
      } catch (IOException e) {
        // a temporary file; the system's cleaning removes it
      }
    }
  }
}
