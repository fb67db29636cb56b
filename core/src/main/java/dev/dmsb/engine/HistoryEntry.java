package dev.dmsb.engine;

import java.util.List;

/**
 * One entry of {@code GET /images/{name}/history}.
 *
 * @param id image ID of the entry, or {@code <missing>}
 * @param created Unix seconds
 * @param createdBy the instruction text as the builder wrote it
 * @param tags tags of that image
 * @param size bytes the entry's layer adds (0 for empty layers)
 * @param comment e.g. {@code buildkit.dockerfile.v0}
 */
public record HistoryEntry(
    String id, long created, String createdBy, List<String> tags, long size, String comment) {
  public HistoryEntry {
    tags = List.copyOf(tags);
  }
}
