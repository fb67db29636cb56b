package dev.dmsb.engine;

import java.util.List;
import java.util.Map;

/**
 * The build cache a BuildKit build imports and exports ({@code --cache-from}, {@code --cache-to} in
 * buildx's terms).
 *
 * @param imports where cached results are read from
 * @param exports where this build's cache is written
 */
public record BuildCache(List<Entry> imports, List<Entry> exports) {
  /** No cache import or export. */
  public static final BuildCache NONE = new BuildCache(List.of(), List.of());

  public BuildCache {
    imports = List.copyOf(imports);
    exports = List.copyOf(exports);
  }

  /** Whether neither is asked for. */
  public boolean isEmpty() {
    return imports.isEmpty() && exports.isEmpty();
  }

  /**
   * One cache importer or exporter.
   *
   * @param type {@code registry}, {@code inline} or {@code local}
   * @param attrs its attributes ({@code ref}, {@code mode}, {@code dest}, {@code src}, ...)
   */
  public record Entry(String type, Map<String, String> attrs) {
    public Entry {
      attrs = Map.copyOf(attrs);
    }
  }
}
