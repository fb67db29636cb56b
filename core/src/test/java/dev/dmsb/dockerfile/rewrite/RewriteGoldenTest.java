package dev.dmsb.dockerfile.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: {@code rewrite/<case>/Dockerfile} rewritten with the flags in {@code options} (one
 * per line, as on the command line) gives {@code expected} byte for byte, or fails with the message
 * in {@code expected-error}. {@code --pin} uses {@link FakeDigests}; {@code --pin-missing=REF}
 * makes a reference unresolvable: the images left unpinned are listed in {@code
 * expected-not-pinned}, one a line (none when the file is absent). Run with {@code
 * -Ddmsb.golden.update=true} to write missing expected files (then read them before committing).
 */
class RewriteGoldenTest {
  private static final Path ROOT = Path.of("src/test/resources/rewrite");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(ROOT)) {
      return s
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rewritesAsExpected(String name) throws Exception {
    Path dir = ROOT.resolve(name);
    String input = read(dir.resolve("Dockerfile"));
    RewriteOptions options = options(dir.resolve("options"));
    Path expected = dir.resolve("expected");
    Path expectedError = dir.resolve("expected-error");
    if (Files.exists(expectedError)) {
      assertThatThrownBy(() -> Rewriter.rewrite("Dockerfile", input, options))
          .isInstanceOf(RewriteException.class)
          .hasMessage(read(expectedError).strip());
      return;
    }
    Rewrite result = Rewriter.rewrite("Dockerfile", input, options);
    if (!Files.exists(expected) && Boolean.getBoolean("dmsb.golden.update")) {
      Files.writeString(expected, result.text(), StandardCharsets.UTF_8);
    }
    assertThat(result.text()).isEqualTo(read(expected));
    Path notPinned = dir.resolve("expected-not-pinned");
    List<String> unpinned = result.notPinned().stream().map(NotPinned::toString).toList();
    assertThat(unpinned)
        .isEqualTo(Files.exists(notPinned) ? Files.readAllLines(notPinned) : List.of());
    assertThat(result.changed()).isEqualTo(!input.equals(result.text()));
    // a second pass finds nothing more to do
    Rewrite again = Rewriter.rewrite("Dockerfile", result.text(), options);
    assertThat(again.edits()).isEmpty();
    assertThat(again.text()).isEqualTo(result.text());
  }

  static RewriteOptions options(Path file) throws IOException {
    List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    Map<String, String> args = new HashMap<>();
    Set<String> missing = new HashSet<>();
    String target = null;
    Semantics semantics = Semantics.BUILDKIT;
    boolean prune = false;
    boolean expand = false;
    boolean pin = false;
    boolean canonical = true;
    for (String raw : lines) {
      String l = raw.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String value = l.contains("=") ? l.substring(l.indexOf('=') + 1) : "";
      switch (l.contains("=") ? l.substring(0, l.indexOf('=')) : l) {
        case "--target" -> target = value;
        case "--build-arg" -> args.put(value.split("=", 2)[0], value.split("=", 2)[1]);
        case "--builder" ->
            semantics = value.equals("legacy") ? Semantics.LEGACY : Semantics.BUILDKIT;
        case "--prune" -> prune = true;
        case "--expand-args" -> expand = true;
        case "--pin" -> pin = true;
        case "--pin-missing" -> missing.add(value);
        case "--no-canonical" -> canonical = false;
        default -> throw new IllegalArgumentException("unknown option in " + file + ": " + l);
      }
    }
    return new RewriteOptions(
        new GraphOptions(args, target, semantics),
        canonical,
        prune,
        expand,
        pin ? new FakeDigests(missing) : null);
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }
}
