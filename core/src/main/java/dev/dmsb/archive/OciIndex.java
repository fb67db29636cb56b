package dev.dmsb.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmsb.image.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds an image's manifest from an OCI index or a Docker manifest list: by ref name at the top (an
 * OCI layout's {@code org.opencontainers.image.ref.name}, the containerd store's {@code
 * io.containerd.image.name}), then by platform in nested indexes, skipping attestation manifests.
 */
public final class OciIndex {
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  static final String CONTAINERD_NAME = "io.containerd.image.name";

  private OciIndex() {}

  /** Loads a manifest or index by digest. */
  @FunctionalInterface
  public interface Loader {
    JsonNode load(String digest) throws IOException;
  }

  /** Whether {@code node} is an index or manifest list rather than an image manifest. */
  public static boolean isIndex(JsonNode node) {
    return node.has("manifests");
  }

  /**
   * The descriptor in the top-level {@code index} for {@code name} (empty: the only image).
   *
   * @param where the layout or archive, for messages
   */
  public static JsonNode byName(JsonNode index, String name, String where) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    index.path("manifests").forEach(all::add);
    if (name.isEmpty()) {
      if (all.size() == 1) {
        return all.get(0);
      }
      throw new IOException(
          where
              + " holds "
              + all.size()
              + " images ("
              + String.join(", ", names(all))
              + "); name one after a colon");
    }
    for (JsonNode d : all) {
      JsonNode a = d.path("annotations");
      if (name.equals(a.path(REF_NAME).asText(null))
          || name.equals(a.path(CONTAINERD_NAME).asText(null))) {
        return d;
      }
    }
    throw new IOException(
        where
            + " holds no image named "
            + name
            + " (it holds "
            + String.join(", ", names(all))
            + ")");
  }

  /**
   * The image manifest that {@code node} (a manifest or an index) leads to on this machine's
   * platform ({@code linux/<arch>}), loading nested ones with {@code loader}.
   */
  public static JsonNode manifest(JsonNode node, Loader loader, String where) throws IOException {
    return manifest(node, loader, where, Platform.host());
  }

  /** The image manifest that {@code node} leads to for {@code platform}. */
  public static JsonNode manifest(JsonNode node, Loader loader, String where, Platform platform)
      throws IOException {
    JsonNode current = node;
    for (int depth = 0; isIndex(current); depth++) {
      if (depth > 4) {
        throw new IOException(where + ": indexes nest too deep");
      }
      current = loader.load(forPlatform(current, where, platform).path("digest").asText());
    }
    return current;
  }

  private static JsonNode forPlatform(JsonNode index, String where, Platform platform)
      throws IOException {
    List<String> seen = new ArrayList<>();
    JsonNode only = null;
    int images = 0;
    for (JsonNode d : index.path("manifests")) {
      if ("attestation-manifest"
          .equals(d.path("annotations").path("vnd.docker.reference.type").asText())) {
        continue;
      }
      JsonNode p = d.path("platform");
      String os = p.path("os").asText("");
      String a = p.path("architecture").asText("");
      String v = p.path("variant").asText("");
      if (os.equals("unknown")) {
        continue;
      }
      images++;
      only = d;
      seen.add(os + "/" + a + (v.isEmpty() ? "" : "/" + v));
      if (platform.matches(os, a, v)) {
        return d;
      }
    }
    if (images == 1 && only.path("platform").isMissingNode()) {
      return only;
    }
    throw new IOException(
        where
            + " has no image for "
            + platform
            + " (it has "
            + String.join(", ", seen)
            + "); pick one with --platform");
  }

  private static List<String> names(List<JsonNode> descriptors) {
    List<String> out = new ArrayList<>();
    for (JsonNode d : descriptors) {
      JsonNode a = d.path("annotations");
      out.add(a.path(REF_NAME).asText(a.path(CONTAINERD_NAME).asText(d.path("digest").asText())));
    }
    return out;
  }
}
