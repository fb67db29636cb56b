package dev.dmsb.engine;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /images/{name}/json} says about an image.
 *
 * @param id full image ID ({@code sha256:...})
 * @param repoTags tags pointing at it
 * @param repoDigests registry digests ({@code name@sha256:...})
 * @param parent the parent image ID (legacy builds only), or empty
 * @param size the image's size in bytes, counted as {@code sizeMeaning} says
 * @param layers {@code RootFS.Layers}: diff IDs, oldest first
 * @param labels {@code Config.Labels}
 * @param os operating system
 * @param architecture CPU architecture
 * @param sizeMeaning what {@code size} counts: uncompressed bytes, or the compressed blobs on
 *     Docker's containerd image store
 * @param historySizeMeaning what the history's sizes count: each layer's uncompressed bytes, or its
 *     disk usage on Docker's containerd image store
 * @param variant CPU variant ({@code v8}), or ""
 * @param env {@code Config.Env}, {@code KEY=value} each
 * @param shell {@code Config.Shell}, empty when unset
 * @param onBuild {@code Config.OnBuild}: the triggers a build on this image runs first
 */
public record ImageDetails(
    String id,
    List<String> repoTags,
    List<String> repoDigests,
    String parent,
    long size,
    List<String> layers,
    Map<String, String> labels,
    String os,
    String architecture,
    SizeMeaning sizeMeaning,
    SizeMeaning historySizeMeaning,
    String variant,
    List<String> env,
    List<String> shell,
    List<String> onBuild) {

  /** Details whose sizes are uncompressed bytes (Docker's graph drivers, Podman). */
  public ImageDetails(
      String id,
      List<String> repoTags,
      List<String> repoDigests,
      String parent,
      long size,
      List<String> layers,
      Map<String, String> labels,
      String os,
      String architecture) {
    this(
        id,
        repoTags,
        repoDigests,
        parent,
        size,
        layers,
        labels,
        os,
        architecture,
        SizeMeaning.UNCOMPRESSED,
        SizeMeaning.UNCOMPRESSED);
  }

  /** Details that say nothing of the variant or the container config (Env, Shell, OnBuild). */
  public ImageDetails(
      String id,
      List<String> repoTags,
      List<String> repoDigests,
      String parent,
      long size,
      List<String> layers,
      Map<String, String> labels,
      String os,
      String architecture,
      SizeMeaning sizeMeaning,
      SizeMeaning historySizeMeaning) {
    this(
        id,
        repoTags,
        repoDigests,
        parent,
        size,
        layers,
        labels,
        os,
        architecture,
        sizeMeaning,
        historySizeMeaning,
        "",
        List.of(),
        List.of(),
        List.of());
  }

  public ImageDetails {
    java.util.Objects.requireNonNull(sizeMeaning, "sizeMeaning");
    variant = variant == null ? "" : variant;
    env = env == null ? List.of() : List.copyOf(env);
    shell = shell == null ? List.of() : List.copyOf(shell);
    onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
    java.util.Objects.requireNonNull(historySizeMeaning, "historySizeMeaning");
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
    layers = List.copyOf(layers);
    labels = Map.copyOf(labels);
  }
}
