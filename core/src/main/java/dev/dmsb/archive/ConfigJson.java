package dev.dmsb.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.SizeMeaning;
import dev.dmsb.image.ImageConfig;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image config's JSON ({@code application/vnd.oci.image.config.v1+json}) as dmsb reads it, and
 * the inspect data and history an engine would answer for it, for places that have no engine.
 */
public final class ConfigJson {
  private ConfigJson() {}

  /** The history and diff IDs of a parsed config. */
  public static ImageConfig of(JsonNode config) {
    List<ImageConfig.Step> history = new ArrayList<>();
    for (JsonNode h : config.path("history")) {
      history.add(
          new ImageConfig.Step(
              h.path("created_by").asText(""), h.path("empty_layer").asBoolean(false)));
    }
    List<String> diffIds = new ArrayList<>();
    config.path("rootfs").path("diff_ids").forEach(n -> diffIds.add(n.asText()));
    return new ImageConfig(history, diffIds);
  }

  /**
   * The inspect data of an image whose config is {@code config}.
   *
   * @param id the image ID (the config's digest)
   * @param layerSizes each layer's size as stored (compressed when the blob is), RootFS order; a
   *     layer held twice counts once in the image's size
   */
  public static ImageDetails details(
      String id,
      List<String> tags,
      List<String> digests,
      JsonNode config,
      List<String> layerDigests,
      List<Long> layerSizes) {
    return details(id, tags, digests, config, layerDigests, layerSizes, SizeMeaning.UNCOMPRESSED);
  }

  /**
   * As {@link #details(String, List, List, JsonNode, List, List)}, with the stored sizes' meaning
   * (compressed when the manifest's layers are gzip or zstd blobs).
   */
  public static ImageDetails details(
      String id,
      List<String> tags,
      List<String> digests,
      JsonNode config,
      List<String> layerDigests,
      List<Long> layerSizes,
      SizeMeaning meaning) {
    Map<String, String> labels = new LinkedHashMap<>();
    config
        .path("config")
        .path("Labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    Set<String> counted = new HashSet<>();
    long size = 0;
    for (int i = 0; i < layerSizes.size(); i++) {
      if (counted.add(i < layerDigests.size() ? layerDigests.get(i) : "#" + i)) {
        size += layerSizes.get(i);
      }
    }
    return new ImageDetails(
        id,
        tags,
        digests,
        "",
        size,
        of(config).diffIds(),
        labels,
        config.path("os").asText(""),
        config.path("architecture").asText(""),
        meaning,
        meaning,
        config.path("variant").asText(""),
        strings(config.path("config").path("Env")),
        strings(config.path("config").path("Shell")),
        strings(config.path("config").path("OnBuild")));
  }

  /**
   * The history as the history API would answer it, oldest first: each layer-making entry carries
   * its layer's stored size, the newest entry the image's ID.
   */
  public static List<HistoryEntry> history(String id, JsonNode config, List<Long> layerSizes) {
    List<HistoryEntry> out = new ArrayList<>();
    int layer = 0;
    JsonNode history = config.path("history");
    for (int i = 0; i < history.size(); i++) {
      JsonNode h = history.get(i);
      boolean empty = h.path("empty_layer").asBoolean(false);
      long size = !empty && layer < layerSizes.size() ? layerSizes.get(layer) : 0;
      if (!empty) {
        layer++;
      }
      out.add(
          new HistoryEntry(
              i == history.size() - 1 ? id : "<missing>",
              seconds(h.path("created").asText("")),
              h.path("created_by").asText(""),
              List.of(),
              size,
              h.path("comment").asText("")));
    }
    return out;
  }

  private static long seconds(String created) {
    if (created.isEmpty()) {
      return 0;
    }
    try {
      return OffsetDateTime.parse(created).toEpochSecond();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : array) {
      if (item.isTextual()) {
        out.add(item.asText());
      }
    }
    return out;
  }
}
