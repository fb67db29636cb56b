package dev.dmsb.build;

import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuildHost;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuildSessions;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs one build on an engine: chooses the builder, pulls what BuildKit can't pull itself, streams
 * the (pruned) context, and turns a failure into the Dockerfile line that caused it. Reports
 * progress to a listener and never prints.
 *
 * <p>A Dockerfile that is not in the context as written (read from stdin, kept outside the context,
 * or rewritten) goes into the archive under a generated name. The legacy builder leaves out of the
 * context what the archive's {@code .dockerignore} names, so that file names it, as the docker CLI
 * does. BuildKit, given an archive and no session, applies no {@code .dockerignore} at all
 * (measured on Docker 20.10.24: with version=2 a {@code COPY .} copied every file the archive's
 * {@code .dockerignore} and {@code <Dockerfile>.dockerignore} named) and reads the Dockerfile from
 * the archive, so nothing keeps that file from {@code COPY .}; the docker CLI sends it apart
 * through a BuildKit session. dmsb sends BuildKit no file it does not need (no {@code
 * .dockerignore} that excludes itself, no copy of a Dockerfile whose path needs a PAX header) and
 * warns when a {@code COPY}/{@code ADD} of the build can copy the Dockerfile it had to send.
 */
public final class ImageBuild {
  private final BuildHost host;

  /** Builds on {@code engine}, BuildKit's context always as an upload. */
  public ImageBuild(Engine engine) {
    this(engine, null);
  }

  /**
   * Builds on {@code engine}; BuildKit builds go through a session from {@code sessions} (null for
   * none) when the engine offers one, else as an upload.
   */
  public ImageBuild(Engine engine, BuildSessions sessions) {
    this(BuildHost.onEngine(engine, sessions));
  }

  /**
   * Builds on {@code host}, whatever it is: BuildKit builds through its sessions when it has them,
   * else with the context uploaded.
   */
  public ImageBuild(BuildHost host) {
    this.host = host;
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
    DockerIgnore ignore = ContextUpload.ignoreRulesFor(spec);
    BuilderKind kind = builderFor(spec.builder());
    if (kind == BuilderKind.BUILDKIT && host.sessions().isPresent()) {
      BuildResult done = new SessionBuild(host).build(spec, ignore, listener, cancellation);
      if (done != null) {
        return done;
      }
    }
    if (!spec.secrets().isEmpty() || !spec.ssh().isEmpty() || spec.output() != null) {
      throw new EngineException(
          (spec.output() != null ? "--output" : spec.secrets().isEmpty() ? "--ssh" : "--secret")
              + " needs a BuildKit session, which "
              + (kind == BuilderKind.LEGACY
                  ? "the legacy builder has not; build with --builder buildkit"
                  : "the engine at " + host.address() + " does not offer"));
    }
    String dockerfileName = dockerfileNameIn(spec);
    ContextStream context = ContextUpload.stream(spec, dockerfileName, ignore, kind);
    if (kind == BuilderKind.BUILDKIT) {
      String copied = ContextUpload.copiedDockerfile(spec, dockerfileName, ignore);
      if (copied != null) {
        listener.accept(new BuildProgress.Warning(copied));
      }
    }
    boolean pull = spec.pull();
    if (kind != BuilderKind.LEGACY) {
      prePull(spec, listener);
      // BuildKit's own pull has no session to ask for credentials; ours is done. Buildah would
      // pull with the request's credentials, but report a failure only as build output.
      pull = false;
    }
    BuildRequest request =
        spec.request(
            kind, dockerfileName, pull, kind.classicApi() ? registryAuths(spec) : Map.of());
    boolean pruned = spec.contextSources().isPresent();
    listener.accept(new BuildProgress.Started(kind, dockerfileName, pruned));
    FailureTracker failures = new FailureTracker();
    // The legacy builder names an image at the end of every stage; all but the last are the
    // non-final stages' images, which stay in the engine.
    List<String> stageImageIds = new ArrayList<>();
    BuildOutcome outcome;
    // The context is reported sent where that happened: before the first engine event that came
    // after its last byte (the legacy builder reads it all before "Step 1/N"), else at the end.
    AtomicBoolean written = new AtomicBoolean();
    AtomicBoolean reported = new AtomicBoolean();
    Runnable reportSent =
        () -> {
          if (reported.compareAndSet(false, true)) {
            listener.accept(new BuildProgress.ContextSent(context.stats(), pruned));
          }
        };
    try {
      outcome =
          host.build(
              request,
              out -> {
                context.writeTo(out);
                written.set(true);
              },
              event -> {
                if (written.get()) {
                  reportSent.run();
                }
                failures.on(event);
                if (event instanceof BuildEvent.ImageId id && kind.classicApi()) {
                  stageImageIds.add(id.id());
                } else if (event instanceof BuildEvent.Text t && kind == BuilderKind.BUILDAH) {
                  // Buildah keeps every step's image (its cache) and names each only here.
                  for (String line : t.text().split("\r?\n")) {
                    var m = FailureTracker.BUILDAH_STEP_IMAGE.matcher(line.strip());
                    if (m.matches()) {
                      stageImageIds.add(m.group(1));
                    }
                  }
                }
                listener.accept(BuildProgress.of(event));
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
    reportSent.run();
    if (!outcome.succeeded()) {
      String message = outcome.error().orElse("the engine reported no image ID");
      throw new BuildFailedException(message, locate(spec, failures));
    }
    String imageId = outcome.imageId().orElseThrow();
    List<String> stageImages =
        stageImageIds.stream()
            .filter(id -> !id.equals(imageId) && !imageId.startsWith("sha256:" + id))
            .distinct()
            .toList();
    return new BuildResult(imageId, spec.tags(), kind, context.stats(), stageImages);
  }

  /**
   * Builds several targets of one Dockerfile ({@code specs}: the same context, Dockerfile and
   * session services, a target and tags each) at once through one BuildKit session; where the host
   * offers no session they are built one after another. Results are in the order of {@code specs}.
   */
  public List<BuildResult> buildTargets(
      List<BuildSpec> specs, Consumer<BuildProgress> listener, Cancellation cancellation)
      throws BuildFailedException, ContextException, EngineException {
    if (specs.isEmpty()) {
      return List.of();
    }
    DockerIgnore ignore = ContextUpload.ignoreRulesFor(specs.get(0));
    BuilderKind kind = builderFor(specs.get(0).builder());
    if (specs.size() > 1 && kind == BuilderKind.BUILDKIT && host.sessions().isPresent()) {
      for (BuildSpec s : specs) {
        if (s.output() != null && !s.output().image()) {
          throw new EngineException(
              "several targets build into images (pushed, or the engine's store); "
                  + s.output().type()
                  + " outputs are for one target");
        }
      }
      try {
        return new TargetsBuild(host).build(specs, ignore, listener, cancellation);
      } catch (dev.dmsb.engine.SessionUnavailableException e) {
        // built one after another below, with the context uploaded for each
      }
    }
    List<BuildResult> results = new ArrayList<>();
    for (BuildSpec s : specs) {
      results.add(build(s, listener, cancellation));
    }
    return results;
  }

  /**
   * The context stream of {@code spec} for the legacy builder: ignore rules, always-sent files,
   * pruning, and the Dockerfile under {@code dockerfileName} when it is not a file inside the
   * context.
   */
  public static ContextStream contextFor(BuildSpec spec, String dockerfileName)
      throws ContextException {
    return contextFor(spec, dockerfileName, BuilderKind.LEGACY);
  }

  /**
   * The context stream of {@code spec} for {@code builder}; {@code dockerfileName} as {@link
   * #dockerfileNameIn(BuildSpec)} gives it.
   */
  public static ContextStream contextFor(BuildSpec spec, String dockerfileName, BuilderKind builder)
      throws ContextException {
    return ContextUpload.stream(spec, dockerfileName, ContextUpload.ignoreRulesFor(spec), builder);
  }

  /**
   * The Dockerfile's path inside the context archive, for both builders: its relative path when it
   * is in the context as written (even a path whose tar header needs PAX, which must not open the
   * archive for BuildKit: then the context folder's own header does), else (stdin, a file
   * elsewhere, or dmsb's rewrite) a generated {@code .dockerfile.<20 hex digits of its SHA-256>},
   * like the docker CLI's random one.
   */
  public static String dockerfileNameIn(BuildSpec spec) {
    return ContextUpload.dockerfileNameIn(spec);
  }

  /**
   * The builder a build with {@code choice} uses: legacy when asked for, else BuildKit when the
   * engine offers it (asked for and not offered is an error), else legacy.
   */
  public BuilderKind builderFor(BuilderChoice choice) throws EngineException {
    EngineInfo info = host.ping();
    if (info.buildkitDaemon()) {
      if (choice == BuilderChoice.LEGACY || choice == BuilderChoice.BUILDAH) {
        throw new EngineException(
            "the BuildKit daemon at "
                + host.address()
                + " builds with BuildKit only; use --builder buildkit or auto");
      }
      return BuilderKind.BUILDKIT;
    }
    if (choice == BuilderChoice.BUILDAH && !info.podman()) {
      throw new EngineException(
          "the engine at "
              + host.address()
              + " ("
              + info.serverVersion()
              + ") has no Buildah, which builds only on Podman; use --builder buildkit, legacy or"
              + " auto");
    }
    if (choice == BuilderChoice.BUILDAH) {
      return BuilderKind.BUILDAH;
    }
    if (choice == BuilderChoice.LEGACY) {
      // Podman's classic build API runs Buildah: say so.
      return info.podman() ? BuilderKind.BUILDAH : BuilderKind.LEGACY;
    }
    if (info.podman()) {
      if (choice == BuilderChoice.BUILDKIT) {
        throw new EngineException(podmanHasNoBuildkit(host.address(), info, "--builder auto"));
      }
      return BuilderKind.BUILDAH;
    }
    if (info.buildkit()) {
      return BuilderKind.BUILDKIT;
    }
    if (choice == BuilderChoice.BUILDKIT) {
      throw new EngineException(
          "the engine at "
              + host.address()
              + " ("
              + info.serverVersion()
              + ") does not offer BuildKit; use --builder legacy or auto");
    }
    return BuilderKind.LEGACY;
  }

  /** The error for BuildKit asked of Podman; {@code instead} is the choice to name. */
  public static String podmanHasNoBuildkit(String address, EngineInfo info, String instead) {
    return "the engine at "
        + address
        + " is "
        + info.describe()
        + ", which builds with Buildah and has no BuildKit; use "
        + instead
        + " (Buildah)";
  }

  /** Pulls external images that are missing (all of them with {@code --pull}). */
  private void prePull(BuildSpec spec, Consumer<BuildProgress> listener) throws EngineException {
    Engine engine = host.imageStore().orElse(null);
    if (engine == null) {
      return; // a host without an image store pulls for itself
    }
    Set<String> images = new LinkedHashSet<>(spec.externalImages());
    for (String image : images) {
      if (!spec.pull() && present(engine, image)) {
        continue;
      }
      listener.accept(new BuildProgress.Pulling(image));
      RegistryAuth auth = spec.credentials().apply(ImageReference.registry(image));
      engine.pull(image, auth, event -> listener.accept(new BuildProgress.Engine(event)));
    }
  }

  private static boolean present(Engine engine, String image) throws EngineException {
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

  static FailedStep locate(BuildSpec spec, FailureTracker failures) {
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
}
