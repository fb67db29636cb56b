package dev.dmsb.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.dockerfile.check.Diagnostic;
import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.syntax.DockerfileParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Arbitrary and mutated inputs never make the parser or linter throw, always print back exactly,
 * and every diagnostic points inside the text.
 */
class RoundTripPropertyTest {
  private static final String[] TOKENS = {
    "FROM ",
    "from ",
    "AS ",
    "as ",
    "COPY ",
    "RUN ",
    "ARG ",
    "ONBUILD ",
    "ADD ",
    "ENV ",
    "CMD ",
    "--from=",
    "--mount=",
    "type=bind,",
    "from=",
    "--platform=",
    "--link ",
    "--",
    "=",
    "\\",
    "`",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "#",
    "# escape=`\n",
    "# syntax=x\n",
    "<<EOF",
    "<<-EOF",
    "EOF\n",
    "\"",
    "'",
    "[",
    "]",
    "[\"a\", \"b\"]",
    ",",
    "$",
    "${",
    "}",
    ":-",
    ":+",
    "a",
    "b",
    "0",
    "1",
    "-1",
    "build",
    "Build",
    "scratch",
    "context",
    "alpine:3",
    "\uFEFF",
    "\u0000",
    "é",
    "${A:-${B}}"
  };

  @Provide
  Arbitrary<String> dockerfileish() {
    return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(l -> String.join("", l));
  }

  @Property(tries = 1500)
  void tokenSoupRoundTripsAndNeverThrows(@ForAll("dockerfileish") String text) {
    check(text);
  }

  @Property(tries = 300)
  void arbitraryStringsRoundTrip(@ForAll String text) {
    check(text);
  }

  @Property(tries = 400)
  void mutatedFixturesRoundTrip(@ForAll @IntRange(min = 0, max = 1_000_000) int seed)
      throws IOException {
    List<String> fixtures = fixtures();
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder(fixtures.get(random.nextInt(fixtures.size())));
    int edits = 1 + random.nextInt(8);
    for (int i = 0; i < edits; i++) {
      int at = sb.length() == 0 ? 0 : random.nextInt(sb.length() + 1);
      switch (random.nextInt(3)) {
        case 0 -> sb.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(10)));
        default -> {
          int from = random.nextInt(sb.length() + 1);
          int to = Math.min(sb.length(), from + random.nextInt(20));
          sb.insert(at, sb.substring(from, to));
        }
      }
    }
    check(sb.toString());
  }

  private static List<String> fixtures() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("src/test/resources/dockerfiles"))) {
      for (Path p : s.toList()) {
        out.add(Files.readString(p.resolve("Dockerfile"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void check(String text) {
    assertThat(DockerfileParser.parse(text).print()).isEqualTo(text);
    for (Semantics sem : Semantics.values()) {
      LintResult r =
          Linter.lint(
              "Dockerfile", text, new LintOptions(new GraphOptions(Map.of(), "build", sem)));
      assertThat(r.graph()).as("internal error: %s", r.diagnostics()).isPresent();
      for (Diagnostic d : r.diagnostics()) {
        assertThat(d.range().start().offset()).isBetween(0, text.length());
        assertThat(d.range().end().offset()).isBetween(d.range().start().offset(), text.length());
      }
    }
  }
}
