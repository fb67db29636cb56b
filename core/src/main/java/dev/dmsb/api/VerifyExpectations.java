package dev.dmsb.api;

import dev.dmsb.verify.ByteSize;
import dev.dmsb.verify.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a verified image must satisfy, the same checks as {@code dmsb verify}: {@code
 * --expect-layers}, {@code --max-size}, {@code --forbid}, {@code --strict}. Immutable; start from
 * {@link #none()} and chain:
 *
 * <pre>{@code
 * VerifyExpectations.none().layers(3).maxSize("10MB").forbid("/tmp/**", "*.pem").strict()
 * }</pre>
 *
 * @param layers the number of filesystem layers the image must have, base included
 * @param maxSizeBytes the largest acceptable image size
 * @param forbidden globs of paths that must not be in the image; a glob without a leading {@code /}
 *     matches at any depth
 * @param failOnShippedBuilder whether a shipped builder stage is an error rather than a warning
 *     ({@link #strict()})
 */
public record VerifyExpectations(
    OptionalInt layers,
    OptionalLong maxSizeBytes,
    List<String> forbidden,
    boolean failOnShippedBuilder) {

  public VerifyExpectations {
    Objects.requireNonNull(layers, "layers");
    Objects.requireNonNull(maxSizeBytes, "maxSizeBytes");
    forbidden = List.copyOf(forbidden);
  }

  /** No expectations: the image is only read, attributed and reported. */
  public static VerifyExpectations none() {
    return new VerifyExpectations(OptionalInt.empty(), OptionalLong.empty(), List.of(), false);
  }

  /**
   * The image must have exactly {@code count} filesystem layers, base included.
   *
   * @throws IllegalArgumentException when {@code count} is negative
   */
  public VerifyExpectations layers(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("a layer count is 0 or more, not " + count);
    }
    return new VerifyExpectations(
        OptionalInt.of(count), maxSizeBytes, forbidden, failOnShippedBuilder);
  }

  /**
   * The image must be at most {@code size}: bytes ({@code "1048576"}) or with a unit ({@code
   * "10MB"}, {@code "512kB"}, {@code "1.5GiB"}).
   *
   * @throws IllegalArgumentException when {@code size} is not a size
   */
  public VerifyExpectations maxSize(String size) {
    return maxSizeBytes(ByteSize.parse(size));
  }

  /** The image must be at most {@code bytes} bytes. */
  public VerifyExpectations maxSizeBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size is 0 or more, not " + bytes);
    }
    return new VerifyExpectations(layers, OptionalLong.of(bytes), forbidden, failOnShippedBuilder);
  }

  /**
   * Paths that must not be in the image ({@code /root/.ssh}, {@code **}{@code /*.pem}, {@code
   * *.key}); added to those already forbidden.
   *
   * @throws IllegalArgumentException when a glob is malformed
   */
  public VerifyExpectations forbid(String... globs) {
    List<String> all = new ArrayList<>(forbidden);
    for (String g : globs) {
      Glob.compile(g);
      all.add(g);
    }
    return new VerifyExpectations(layers, maxSizeBytes, all, failOnShippedBuilder);
  }

  /** A final stage built {@code FROM} another stage (the builder shipped) fails verification. */
  public VerifyExpectations strict() {
    return new VerifyExpectations(layers, maxSizeBytes, forbidden, true);
  }
}
