package dev.dmsb.dockerfile.instruction;

import dev.dmsb.dockerfile.syntax.SourceRange;
import java.util.Map;

/**
 * One {@code RUN --mount=...} value, read as BuildKit does (CSV, keys case-insensitive, aliases
 * {@code src}, {@code dst}/{@code destination}, {@code ro}/{@code rw}).
 *
 * @param type {@code bind} (default), {@code cache}, {@code tmpfs}, {@code secret}, {@code ssh}
 * @param from the {@code from=} value and its range, or {@code null}
 * @param source {@code source=}, or {@code null}
 * @param target {@code target=}, or {@code null}
 * @param options every key (canonical, lower-cased) to its value ("" for a bare key)
 * @param range the whole {@code --mount=...} flag
 */
public record Mount(
    String type,
    Text from,
    String source,
    String target,
    Map<String, String> options,
    SourceRange range) {
  public Mount {
    options = Map.copyOf(options);
  }
}
