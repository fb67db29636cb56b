package dev.dmsb.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image dmsb built.
 *
 * <p>{@link #id()} is the full image ID and {@link #imageName()} its name (first tag); both can be
 * handed to any Docker client; with Testcontainers: {@code new
 * GenericContainer<>(DockerImageName.parse(image.imageName()))}. For a {@code static @Container}
 * field, use {@code dmsb-testcontainers}' {@code ImageFromDmsb}, which builds when the container
 * starts.
 *
 * @param id the full image ID ({@code sha256:...})
 * @param tags the tags applied
 * @param backend the backend that ran the build ({@link BuildBackend#BUILDKIT} or {@link
 *     BuildBackend#LEGACY}, never {@code AUTO})
 * @param diagnostics dmsb's findings on the Dockerfile (warnings and advice; errors stop the build)
 * @param verification the verification, when expectations were given to the build
 * @param stageImages IDs of non-final stages' images the build left in the engine, newest last (the
 *     legacy builder keeps one per stage; BuildKit none); remove them with {@link
 *     DmsbEngine#removeImages(BuiltImage)}
 */
public record BuiltImage(
    String id,
    List<String> tags,
    BuildBackend backend,
    List<LintDiagnostic> diagnostics,
    Optional<VerifyResult> verification,
    List<String> stageImages) {

  public BuiltImage {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(backend, "backend");
    tags = List.copyOf(tags);
    diagnostics = List.copyOf(diagnostics);
    Objects.requireNonNull(verification, "verification");
    stageImages = List.copyOf(stageImages);
  }

  /** The first tag, or the ID when the image has no tag. */
  public String reference() {
    return tags.isEmpty() ? id : tags.get(0);
  }

  /**
   * The backend that ran the build.
   *
   * @deprecated use {@link #backend()}; stays for one release
   */
  @Deprecated(since = "0.1.0")
  public Builder builder() {
    return backend.legacyName();
  }

  /**
   * The image's name for other Docker clients: its first tag, else its ID. With Testcontainers:
   * {@code DockerImageName.parse(image.imageName())}.
   */
  public String imageName() {
    return reference();
  }

  /** The first 12 hex digits of the ID, as {@code docker images} shows it. */
  public String shortId() {
    String hex = id.startsWith("sha256:") ? id.substring(7) : id;
    return hex.substring(0, Math.min(12, hex.length()));
  }
}
