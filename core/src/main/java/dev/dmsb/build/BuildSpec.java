package dev.dmsb.build;

import dev.dmsb.engine.RegistryAuth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
    Function<String, RegistryAuth> credentials) {

  public BuildSpec {
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
}
