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
 * @param size the image's size in bytes
 * @param layers {@code RootFS.Layers}: diff IDs, oldest first
 * @param labels {@code Config.Labels}
 * @param os operating system
 * @param architecture CPU architecture
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
    String architecture) {

  public ImageDetails {
    repoTags = List.copyOf(repoTags);
    repoDigests = List.copyOf(repoDigests);
    layers = List.copyOf(layers);
    labels = Map.copyOf(labels);
  }
}
