package dev.dmsb.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmsb.image.ImageConfig;
import java.util.ArrayList;
import java.util.List;

/** An image config's JSON ({@code application/vnd.oci.image.config.v1+json}) as dmsb reads it. */
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
}
