package dev.dmsb.build;

import dev.dmsb.engine.BuildCache;
import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.SecretSource;
import dev.dmsb.engine.SshSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything one {@code dmsb build} asks for.
 *
 * @param context the context folder
 * @param dockerfile the Dockerfile's path, or null when its content came from stdin
 * @param dockerfileText the Dockerfile's content (read once, so stdin works and errors can quote
 *     lines)
 * @param tags tags to apply
 * @param target target stage, or null for the last
 * @param buildArgs build arguments
 * @param labels labels
 * @param noCache don't use the build cache
 * @param pull fetch fresh copies of external images
 * @param network network mode, or null
 * @param platform platform, or null
 * @param builder which builder to use
 * @param contextSources the COPY/ADD sources of the reachable stages, or empty when unknown or
 *     unbounded: then the whole context is sent
 * @param externalImages images the reachable stages start FROM (or copy from), pulled before a
 *     BuildKit build
 * @param credentials registry host → credentials, or null when none are configured
 * @param secrets build secrets ({@code --secret}), served through a BuildKit session
 * @param ssh SSH agents ({@code --ssh}), forwarded through a BuildKit session
 * @param output where the result goes instead of the image store ({@code -o}), or null
 * @param cache the build cache to import and export ({@code --cache-from}, {@code --cache-to})
 */
public record BuildSpec(
    Path context,
    Path dockerfile,
    String dockerfileText,
    List<String> tags,
    String target,
    Map<String, String> buildArgs,
    Map<String, String> labels,
    boolean noCache,
    boolean pull,
    String network,
    String platform,
    BuilderChoice builder,
    Optional<Set<String>> contextSources,
    List<String> externalImages,
    Function<String, RegistryAuth> credentials,
    List<SecretSource> secrets,
    List<SshSource> ssh,
    BuildOutput output,
    BuildCache cache) {

  /** A build without cache import or export. */
  public BuildSpec(
      Path context,
      Path dockerfile,
      String dockerfileText,
      List<String> tags,
      String target,
      Map<String, String> buildArgs,
      Map<String, String> labels,
      boolean noCache,
      boolean pull,
      String network,
      String platform,
      BuilderChoice builder,
      Optional<Set<String>> contextSources,
      List<String> externalImages,
      Function<String, RegistryAuth> credentials,
      List<SecretSource> secrets,
      List<SshSource> ssh,
      BuildOutput output) {
    this(
        context,
        dockerfile,
        dockerfileText,
        tags,
        target,
        buildArgs,
        labels,
        noCache,
        pull,
        network,
        platform,
        builder,
        contextSources,
        externalImages,
        credentials,
        secrets,
        ssh,
        output,
        BuildCache.NONE);
  }

  /** A build without secrets or SSH agents. */
  public BuildSpec(
      Path context,
      Path dockerfile,
      String dockerfileText,
      List<String> tags,
      String target,
      Map<String, String> buildArgs,
      Map<String, String> labels,
      boolean noCache,
      boolean pull,
      String network,
      String platform,
      BuilderChoice builder,
      Optional<Set<String>> contextSources,
      List<String> externalImages,
      Function<String, RegistryAuth> credentials) {
    this(
        context,
        dockerfile,
        dockerfileText,
        tags,
        target,
        buildArgs,
        labels,
        noCache,
        pull,
        network,
        platform,
        builder,
        contextSources,
        externalImages,
        credentials,
        List.of(),
        List.of(),
        null);
  }

  public BuildSpec {
    if (cache == null) {
      cache = BuildCache.NONE;
    }
    secrets = List.copyOf(secrets);
    ssh = List.copyOf(ssh);
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(dockerfileText, "dockerfileText");
    tags = List.copyOf(tags);
    buildArgs = Map.copyOf(buildArgs);
    labels = Map.copyOf(labels);
    contextSources = contextSources.map(Set::copyOf);
    externalImages = List.copyOf(externalImages);
    if (credentials == null) {
      credentials = registry -> null;
    }
  }

  /**
   * A build of {@code dockerfile} (holding {@code dockerfileText}) in {@code context} with docker's
   * defaults: no tags, the last stage, the builder chosen by the engine, the whole context.
   */
  public static BuildSpec of(Path context, Path dockerfile, String dockerfileText) {
    return new BuildSpec(
        context,
        dockerfile,
        dockerfileText,
        List.of(),
        null,
        Map.of(),
        Map.of(),
        false,
        false,
        null,
        null,
        BuilderChoice.AUTO,
        Optional.empty(),
        List.of(),
        null);
  }

  /** This build, tagged {@code newTags}. */
  public BuildSpec withTags(List<String> newTags) {
    return edit(e -> e.tags = newTags);
  }

  /** This build, labelled {@code newLabels}. */
  public BuildSpec withLabels(Map<String, String> newLabels) {
    return edit(e -> e.labels = newLabels);
  }

  /** This build, sending only what {@code sources} can match and pulling {@code images} first. */
  public BuildSpec withPlan(Optional<Set<String>> sources, List<String> images) {
    return edit(
        e -> {
          e.contextSources = sources;
          e.externalImages = images;
        });
  }

  /** This build with {@code newSecrets} for {@code RUN --mount=type=secret}. */
  public BuildSpec withSecrets(List<SecretSource> newSecrets) {
    return edit(e -> e.secrets = newSecrets);
  }

  /** This build with {@code agents} for {@code RUN --mount=type=ssh}. */
  public BuildSpec withSsh(List<SshSource> agents) {
    return edit(e -> e.ssh = agents);
  }

  /** This build with its result written to {@code to} ({@code -o}) instead of the image store. */
  public BuildSpec withOutput(BuildOutput to) {
    return edit(e -> e.output = to);
  }

  /** This build importing and exporting the build cache as {@code with} says (BuildKit). */
  public BuildSpec withCache(BuildCache with) {
    return edit(e -> e.cache = with);
  }

  /** This build of the stage {@code stage}, tagged {@code newTags}. */
  public BuildSpec forTarget(String stage, List<String> newTags) {
    return edit(
        e -> {
          e.target = stage;
          e.tags = newTags;
        });
  }

  /**
   * The engine request for this build: its own options, the Dockerfile at {@code dockerfileName} in
   * the context, {@code pull} (a BuildKit build pulls beforehand, not in the request) and the
   * legacy builder's {@code registryAuth}.
   */
  BuildRequest request(
      BuilderKind kind,
      String dockerfileName,
      boolean pull,
      Map<String, RegistryAuth> registryAuth) {
    return new BuildRequest(
            kind,
            dockerfileName,
            tags,
            target,
            buildArgs,
            labels,
            noCache,
            pull,
            network,
            platform,
            registryAuth)
        .withCache(cache);
  }

  private BuildSpec edit(Consumer<Edit> change) {
    Edit e = new Edit(this);
    change.accept(e);
    return e.done();
  }

  /** The components a wither may change, copied from a spec and made into a new one. */
  private static final class Edit {
    private final BuildSpec from;
    List<String> tags;
    String target;
    Map<String, String> labels;
    Optional<Set<String>> contextSources;
    List<String> externalImages;
    List<SecretSource> secrets;
    List<SshSource> ssh;
    BuildOutput output;
    BuildCache cache;

    Edit(BuildSpec from) {
      this.from = from;
      tags = from.tags;
      target = from.target;
      labels = from.labels;
      contextSources = from.contextSources;
      externalImages = from.externalImages;
      secrets = from.secrets;
      ssh = from.ssh;
      output = from.output;
      cache = from.cache;
    }

    BuildSpec done() {
      return new BuildSpec(
          from.context,
          from.dockerfile,
          from.dockerfileText,
          tags,
          target,
          from.buildArgs,
          labels,
          from.noCache,
          from.pull,
          from.network,
          from.platform,
          from.builder,
          contextSources,
          externalImages,
          from.credentials,
          secrets,
          ssh,
          output,
          cache);
    }
  }
}
