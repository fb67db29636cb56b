package dev.dmsb.build;

import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs one build on an engine: chooses the builder, pulls what BuildKit can't pull itself, streams
 * the (pruned) context, and turns a failure into the Dockerfile line that caused it. Reports
 * progress to a listener and never prints.
 */
public final class ImageBuild {
  private final Engine engine;

  public ImageBuild(Engine engine) {
    this.engine = engine;
  }

  /**
   * Builds {@code spec}.
   *
   * @throws BuildFailedException the engine ran the build and it failed
   * @throws ContextException the context could not be read or is malformed
   * @throws EngineException the engine refused the request or is unreachable
   */
  public BuildResult build(BuildSpec spec, Consumer<BuildProgress> listener)
      throws BuildFailedException, ContextException, EngineException {
    return build(spec, listener, Cancellation.create());
  }

  /**
   * Builds {@code spec}; {@code cancellation} stops it on the engine (Ctrl-C), which then throws
   * {@link dev.dmsb.engine.OperationCancelledException}.
   */
  public BuildResult build(
      BuildSpec spec, Consumer<BuildProgress> listener, Cancellation cancellation)
      throws BuildFailedException, ContextException, EngineException {
    // A local mistake (a malformed .dockerignore) is reported before the engine is asked anything.
    DockerIgnore ignore = ignoreRulesFor(spec);
    BuilderKind kind = chooseBuilder(spec.builder());
    String dockerfileName = dockerfileNameIn(spec, kind);
    ContextStream context = contextFor(spec, dockerfileName, ignore);
    boolean pull = spec.pull();
    if (kind == BuilderKind.BUILDKIT) {
      prePull(spec, listener);
      // BuildKit's own pull has no session to ask for credentials; ours is done.
      pull = false;
    }
    BuildRequest request =
        new BuildRequest(
            kind,
            dockerfileName,
            spec.tags(),
            spec.target(),
            spec.buildArgs(),
            spec.labels(),
            spec.noCache(),
            pull,
            spec.network(),
            spec.platform(),
            kind == BuilderKind.LEGACY ? registryAuths(spec) : Map.of());
    boolean pruned = spec.contextSources().isPresent();
    listener.accept(new BuildProgress.Started(kind, dockerfileName, pruned));
    FailureTracker failures = new FailureTracker();
    // The legacy builder names an image at the end of every stage; all but the last are the
    // non-final stages' images, which stay in the engine.
    List<String> stageImageIds = new ArrayList<>();
    BuildOutcome outcome;
    try {
      outcome =
          engine.build(
              request,
              context,
              event -> {
                failures.on(event);
                if (event instanceof BuildEvent.ImageId id && kind == BuilderKind.LEGACY) {
                  stageImageIds.add(id.id());
                }
                listener.accept(new BuildProgress.Engine(event));
              },
              cancellation);
    } catch (EngineUnreachableException e) {
      throw e;
    } catch (EngineException e) {
      if (context.failure() != null) {
        throw new ContextException(context.failure().getMessage(), context.failure());
      }
      throw e;
    }
    if (context.failure() != null) {
      throw new ContextException(context.failure().getMessage(), context.failure());
    }
    listener.accept(new BuildProgress.ContextSent(context.stats(), pruned));
    if (!outcome.succeeded()) {
      String message = outcome.error().orElse("the engine reported no image ID");
      throw new BuildFailedException(message, locate(spec, failures));
    }
    String imageId = outcome.imageId().orElseThrow();
    List<String> stageImages =
        stageImageIds.stream().filter(id -> !id.equals(imageId)).distinct().toList();
    return new BuildResult(imageId, spec.tags(), kind, context.stats(), stageImages);
  }

  /**
   * The context stream for {@code spec}: ignore rules, always-sent files, pruning, and the
   * Dockerfile under {@code dockerfileName} when it is not a file inside the context.
   */
  public static ContextStream contextFor(BuildSpec spec, String dockerfileName)
      throws ContextException {
    return contextFor(spec, dockerfileName, ignoreRulesFor(spec));
  }

  private static DockerIgnore ignoreRulesFor(BuildSpec spec) throws ContextException {
    Path root = spec.context().toAbsolutePath().normalize();
    Path dockerfile =
        spec.dockerfile() == null ? null : spec.dockerfile().toAbsolutePath().normalize();
    return DockerIgnore.load(root, dockerfile);
  }

  private static ContextStream contextFor(
      BuildSpec spec, String dockerfileName, DockerIgnore ignore) throws ContextException {
    Path root = spec.context().toAbsolutePath().normalize();
    Path dockerfile =
        spec.dockerfile() == null ? null : spec.dockerfile().toAbsolutePath().normalize();
    List<String> always = new ArrayList<>();
    if (dockerfile != null && dockerfile.startsWith(root)) {
      always.add(slashed(root.relativize(dockerfile)));
    }
    Path ignoreFile = DockerIgnore.ignoreFileFor(root, dockerfile);
    if (ignoreFile != null && ignoreFile.toAbsolutePath().normalize().startsWith(root)) {
      always.add(slashed(root.relativize(ignoreFile.toAbsolutePath().normalize())));
    }
    ContextSelection selection =
        spec.contextSources().isPresent()
            ? ContextSelection.only(spec.contextSources().get())
            : ContextSelection.everything();
    ContextStream stream = ContextStream.of(root, ignore, always, selection, true);
    boolean inContextUnderItsName =
        dockerfile != null
            && dockerfile.startsWith(root)
            && slashed(root.relativize(dockerfile)).equals(dockerfileName);
    if (!inContextUnderItsName) {
      // Read from stdin, kept outside the context, or renamed for BuildKit: a copy goes first.
      stream =
          stream.withExtraFile(
              dockerfileName, spec.dockerfileText().getBytes(StandardCharsets.UTF_8));
    } else if (ContextStream.startsPlain(dockerfileName)) {
      // BuildKit sniffs the first 1024 bytes for a tar header: the Dockerfile's is plain ustar.
      stream = stream.withFirst(dockerfileName);
    }
    return stream;
  }

  /**
   * Whether the Dockerfile file holds {@code spec}'s text; when the caller rewrote it, the text is
   * sent under a generated name instead.
   */
  private static boolean sendsFileAsWritten(BuildSpec spec) {
    try {
      return Files.readString(spec.dockerfile(), StandardCharsets.UTF_8)
          .equals(spec.dockerfileText());
    } catch (IOException | java.io.UncheckedIOException e) {
      return true; // unreadable here: the context stream reports it when it reads the file
    }
  }

  /**
   * The Dockerfile's path inside the context archive: its relative path when it is in the context,
   * else (stdin, or a file elsewhere) a generated {@code .dockerfile.<random>} like the docker
   * CLI's.
   */
  public static String dockerfileNameIn(BuildSpec spec) {
    return dockerfileNameIn(spec, BuilderKind.LEGACY);
  }

  /**
   * The Dockerfile's path inside the context archive for {@code builder}: as {@link
   * #dockerfileNameIn(BuildSpec)}, but for BuildKit a Dockerfile whose path would need a PAX header
   * (long or non-ASCII) is sent under a generated name too, as the archive's first entry. BuildKit
   * in the 20.10 engine recognises a tar from its first 1024 bytes, which a PAX header fills (it
   * then reads the whole body as the Dockerfile); the legacy builder reads any tar.
   */
  public static String dockerfileNameIn(BuildSpec spec, BuilderKind builder) {
    Path root = spec.context().toAbsolutePath().normalize();
    if (spec.dockerfile() != null && sendsFileAsWritten(spec)) {
      Path df = spec.dockerfile().toAbsolutePath().normalize();
      if (df.startsWith(root)) {
        String rel = slashed(root.relativize(df));
        if (builder == BuilderKind.LEGACY || ContextStream.startsPlain(rel)) {
          return rel;
        }
      }
    }
    byte[] r = new byte[10];
    new SecureRandom().nextBytes(r);
    return ".dockerfile." + HexFormat.of().formatHex(r);
  }

  private BuilderKind chooseBuilder(BuilderChoice choice) throws EngineException {
    if (choice == BuilderChoice.LEGACY) {
      return BuilderKind.LEGACY;
    }
    EngineInfo info = engine.ping();
    if (info.buildkit()) {
      return BuilderKind.BUILDKIT;
    }
    if (choice == BuilderChoice.BUILDKIT) {
      throw new EngineException(
          "the engine at "
              + engine.address()
              + " ("
              + info.serverVersion()
              + ") does not offer BuildKit; use --builder legacy or auto");
    }
    return BuilderKind.LEGACY;
  }

  /** Pulls external images that are missing (all of them with {@code --pull}). */
  private void prePull(BuildSpec spec, Consumer<BuildProgress> listener) throws EngineException {
    Set<String> images = new LinkedHashSet<>(spec.externalImages());
    for (String image : images) {
      if (!spec.pull() && present(image)) {
        continue;
      }
      listener.accept(new BuildProgress.Pulling(image));
      RegistryAuth auth = spec.credentials().apply(ImageReference.registry(image));
      engine.pull(image, auth, event -> listener.accept(new BuildProgress.Engine(event)));
    }
  }

  private boolean present(String image) throws EngineException {
    try {
      engine.inspect(image);
      return true;
    } catch (ImageNotFoundException e) {
      return false;
    }
  }

  private static Map<String, RegistryAuth> registryAuths(BuildSpec spec) {
    Map<String, RegistryAuth> auths = new LinkedHashMap<>();
    for (String image : spec.externalImages()) {
      String registry = ImageReference.registry(image);
      RegistryAuth auth = spec.credentials().apply(registry);
      if (auth != null) {
        auths.put(auth.serverAddress() != null ? auth.serverAddress() : registry, auth);
      }
    }
    return auths;
  }

  private static FailedStep locate(BuildSpec spec, FailureTracker failures) {
    String step = failures.failedStep();
    if (step == null) {
      return null;
    }
    StepLocator.Instruction at = new StepLocator(spec.dockerfileText()).locate(step);
    if (at == null) {
      return new FailedStep(step, null, 0, 0, null, failures.failedOutput());
    }
    return new FailedStep(
        step, at.stage(), at.line(), at.column(), at.sourceLine(), failures.failedOutput());
  }

  private static String slashed(Path relative) {
    return relative.toString().replace('\\', '/');
  }
}
