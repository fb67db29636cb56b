package dev.dmsb.image;

import java.util.List;

/**
 * What an image's raw config says about its layers.
 *
 * @param history the config's {@code history[]}, oldest first
 * @param diffIds the config's {@code rootfs.diff_ids}, oldest first
 */
public record ImageConfig(List<Step> history, List<String> diffIds) {

  public ImageConfig {
    history = List.copyOf(history);
    diffIds = List.copyOf(diffIds);
  }

  /** One entry of the config's history. */
  public record Step(String createdBy, boolean emptyLayer) {}
}
