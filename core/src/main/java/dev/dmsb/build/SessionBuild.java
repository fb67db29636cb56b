package dev.dmsb.build;

import dev.dmsb.engine.BuildHost;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuildSession;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.engine.SessionOffer;
import dev.dmsb.engine.SessionTraffic;
import dev.dmsb.engine.SessionUnavailableException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A BuildKit build through a session, as the docker CLI builds: the session is open before the
 * request and until its stream ends (exports and pulls call back), the request carries no context,
 * the engine asks the session for the files, the Dockerfile and credentials. No pre-pull: the
 * engine pulls and asks for credentials itself.
 */
final class SessionBuild {
  private final BuildHost host;

  SessionBuild(BuildHost host) {
    this.host = host;
  }

  /**
   * Builds {@code spec} in a session; null when the engine offers none (then the caller uploads the
   * context).
   */
  BuildResult build(
      BuildSpec spec,
      DockerIgnore ignore,
      Consumer<BuildProgress> listener,
      Cancellation cancellation)
      throws BuildFailedException, ContextException, EngineException {
    LoadTarget load = LoadTarget.of(spec, host);
    BuildSpec sent = load.spec();
    try {
      SessionOffer offer = SessionContext.offer(sent, ignore);
      BuildSession session;
      try {
        session = host.sessions().orElseThrow().open(offer);
      } catch (SessionUnavailableException e) {
        listener.accept(
            new BuildProgress.Transport("the context goes as an upload: " + e.getMessage()));
        return null;
      }
      try (session) {
        listener.accept(
            new BuildProgress.Transport(
                "BuildKit session " + session.id() + ": the engine asks for the files it needs"));
        BuildResult result = inSession(sent, session, listener, cancellation);
        return load.finish(result, listener);
      }
    } finally {
      load.close();
    }
  }

  /**
   * The BuildKit build through {@code session}: no pre-pull (the engine pulls, asking the session
   * for credentials), no upload, the Dockerfile in a directory of its own.
   */
  BuildResult inSession(
      BuildSpec spec,
      BuildSession session,
      Consumer<BuildProgress> listener,
      Cancellation cancellation)
      throws BuildFailedException, EngineException {
    String dockerfileName = SessionContext.dockerfileName(spec);
    BuildRequest request =
        spec.request(BuilderKind.BUILDKIT, dockerfileName, spec.pull(), Map.of())
            .inSession(session.id(), newBuildId())
            .withOutput(spec.output());
    boolean noStore = !host.storesImages();
    if (spec.output() == null && noStore) {
      // As buildctl and buildx say it for a builder without an image store.
      listener.accept(
          new BuildProgress.Warning(
              "no output specified for the BuildKit daemon at "
                  + host.address()
                  + ": the build result will only remain in its build cache; push it with"
                  + " --push -t NAME, load it with --load, or write it with -o"
                  + " type=oci|docker,dest=FILE"));
    }
    boolean pruned = spec.contextSources().isPresent();
    listener.accept(new BuildProgress.Started(BuilderKind.BUILDKIT, dockerfileName, pruned));
    FailureTracker failures = new FailureTracker();
    // The build stops when the session ends under it (the engine closed it: a missed health
    // check, a cut connection), as well as on the caller's cancellation.
    Cancellation stop = Cancellation.create();
    BuildOutcome outcome;
    try (Cancellation.Registration caller = cancellation.onCancel(stop::cancel)) {
      session.whenEnded(stop::cancel);
      outcome =
          host.build(
              request,
              null,
              event -> {
                failures.on(event);
                listener.accept(BuildProgress.of(event));
              },
              stop);
    } catch (OperationCancelledException e) {
      if (cancellation.isCancelled() || session.failure() == null) {
        throw e;
      }
      throw sessionEnded(session, spec, failures);
    }

    SessionTraffic traffic = session.traffic();
    ContextStats stats =
        new ContextStats(traffic.entries(), traffic.fileBytes(), traffic.bytesSent(), -1);
    listener.accept(new BuildProgress.ContextSent(stats, pruned));
    boolean exported = (spec.output() != null || noStore) && outcome.error().isEmpty();
    if (exported) {
      // An image pushed or archived is named by its manifest's digest; files by nothing.
      return new BuildResult(
          outcome.imageId().orElse(""), spec.tags(), BuilderKind.BUILDKIT, stats, List.of());
    }
    if (!outcome.succeeded()) {
      String message = outcome.error().orElse("the engine reported no image ID");
      if (session.failure() != null) {
        message = message + " (the BuildKit session ended: " + session.failure() + ")";
      }
      String step = failures.failedStep();
      if (step != null && step.startsWith(LOAD_METADATA)) {
        throw registryError(step.substring(LOAD_METADATA.length()).trim(), message);
      }
      throw new BuildFailedException(message, ImageBuild.locate(spec, failures));
    }
    return new BuildResult(
        outcome.imageId().orElseThrow(), spec.tags(), BuilderKind.BUILDKIT, stats, List.of());
  }

  private static final String LOAD_METADATA = "[internal] load metadata for ";

  private static BuildFailedException sessionEnded(
      BuildSession session, BuildSpec spec, FailureTracker failures) {
    return new BuildFailedException(
        "the BuildKit session ended before the build did ("
            + session.failure()
            + "), so the build was stopped and nothing was tagged",
        ImageBuild.locate(spec, failures));
  }

  /**
   * The engine's pull of an external image failed (BuildKit pulls it itself in a session, asking
   * for credentials): said as a registry error, as dmsb's own pull says it.
   */
  static EngineException registryError(String image, String message) {
    String registry = ImageReference.registry(image);
    String lower = message.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("401")
        || lower.contains("403")
        || lower.contains("unauthorized")
        || lower.contains("denied")
        || lower.contains("failed to authorize")
        || lower.contains("no basic auth credentials")
        || lower.contains("authentication required")) {
      return new EngineException(
          "The registry "
              + registry
              + " refused access to "
              + image
              + ": "
              + message
              + ". Log in with `docker login "
              + registry
              + "` or fix the credentials in the docker configuration.");
    }
    if (lower.contains("not found") || lower.contains("manifest unknown")) {
      return new EngineException(
          image + " was not found in the registry " + registry + ": " + message);
    }
    return new EngineException(
        "Asking the registry " + registry + " for " + image + " failed: " + message);
  }

  /** A build ID as the docker CLI makes them: 64 random hex digits. */
  private static String newBuildId() {
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
