package dev.dmsb.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The parameters of one {@code POST /build}.
 *
 * @param builder BuildKit or the legacy builder
 * @param dockerfile path of the Dockerfile inside the context archive
 * @param tags tags to apply ({@code t}, repeatable)
 * @param target the target stage, or null for the last one
 * @param buildArgs {@code buildargs}
 * @param labels {@code labels}
 * @param noCache {@code nocache}
 * @param pull {@code pull}
 * @param network {@code networkmode}, or null
 * @param platform {@code platform}, or null
 * @param registryAuth credentials for {@code X-Registry-Config} (legacy builder), registry → auth
 * @param session the BuildKit session that serves the context ({@code remote=client-session}), or
 *     null when the context is uploaded as the request body
 * @param buildId the build's ID ({@code buildid}), which {@code POST /build/cancel} names; null for
 *     none
 * @param output where BuildKit writes the result ({@code outputs}), sent back through the session;
 *     null for the image store (then the build names an image ID)
 * @param cache the build cache imported and exported (BuildKit)
 */
public record BuildRequest(
    BuilderKind builder,
    String dockerfile,
    List<String> tags,
    String target,
    Map<String, String> buildArgs,
    Map<String, String> labels,
    boolean noCache,
    boolean pull,
    String network,
    String platform,
    Map<String, RegistryAuth> registryAuth,
    String session,
    String buildId,
    BuildOutput output,
    BuildCache cache) {

  public BuildRequest {
    if (cache == null) {
      cache = BuildCache.NONE;
    }
    tags = List.copyOf(tags);
    buildArgs = Map.copyOf(buildArgs);
    labels = Map.copyOf(labels);
    registryAuth = Map.copyOf(registryAuth);
  }

  /** A build whose context is uploaded as the request body. */
  public BuildRequest(
      BuilderKind builder,
      String dockerfile,
      List<String> tags,
      String target,
      Map<String, String> buildArgs,
      Map<String, String> labels,
      boolean noCache,
      boolean pull,
      String network,
      String platform,
      Map<String, RegistryAuth> registryAuth) {
    this(
        builder,
        dockerfile,
        tags,
        target,
        buildArgs,
        labels,
        noCache,
        pull,
        network,
        platform,
        registryAuth,
        null,
        null,
        null,
        BuildCache.NONE);
  }

  /** This request served by the BuildKit session {@code sessionId}, cancellable as {@code id}. */
  public BuildRequest inSession(String sessionId, String id) {
    return edit(
        e -> {
          e.session = sessionId;
          e.buildId = id;
        });
  }

  /** This request with its result written to {@code to} instead of the image store. */
  public BuildRequest withOutput(BuildOutput to) {
    return edit(e -> e.output = to);
  }

  /** This request importing and exporting {@code with}. */
  public BuildRequest withCache(BuildCache with) {
    return edit(e -> e.cache = with);
  }

  /** This request with the build arguments {@code args} instead of its own. */
  BuildRequest withBuildArgs(Map<String, String> args) {
    return edit(e -> e.buildArgs = args);
  }

  private BuildRequest edit(Consumer<Edit> change) {
    Edit e = new Edit(this);
    change.accept(e);
    return e.done();
  }

  /** The components a wither may change, copied from a request and made into a new one. */
  private static final class Edit {
    private final BuildRequest from;
    Map<String, String> buildArgs;
    String session;
    String buildId;
    BuildOutput output;
    BuildCache cache;

    Edit(BuildRequest from) {
      this.from = from;
      buildArgs = from.buildArgs;
      session = from.session;
      buildId = from.buildId;
      output = from.output;
      cache = from.cache;
    }

    BuildRequest done() {
      return new BuildRequest(
          from.builder,
          from.dockerfile,
          from.tags,
          from.target,
          buildArgs,
          from.labels,
          from.noCache,
          from.pull,
          from.network,
          from.platform,
          from.registryAuth,
          session,
          buildId,
          output,
          cache);
    }
  }
}
