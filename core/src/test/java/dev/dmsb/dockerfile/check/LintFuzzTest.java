package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over the fixture corpus: 100,000 generated and mutated Dockerfiles, each
 * linted with both semantics. The linter must answer every one with diagnostics that point inside
 * the text, never with its internal-error diagnostic, and must not hang on the pathological inputs
 * (huge lines, thousands of continuations, deeply nested variables). A failure prints the seed and
 * the input's index, so it can be replayed.
 */
class LintFuzzTest {
  static final long SEED = Long.getLong("dmsb.fuzz.seed", 0x5eed_d0c5L);
  static final int INPUTS = Integer.getInteger("dmsb.fuzz.inputs", 100_000);

  /** A bound per input far above normal (milliseconds); past it the linter is deemed hung. */
  static final Duration HANG = Duration.ofSeconds(20);

  static final String[] TOKENS = {
    "FROM ",
    "AS ",
    "COPY ",
    "ADD ",
    "RUN ",
    "ARG ",
    "ENV ",
    "ONBUILD ",
    "CMD ",
    "LABEL ",
    "HEALTHCHECK ",
    "SHELL ",
    "WORKDIR ",
    "USER ",
    "EXPOSE ",
    "VOLUME ",
    "ENTRYPOINT ",
    "--from=",
    "--mount=type=bind,from=",
    "--mount=type=cache,target=/c ",
    "--platform=$BUILDPLATFORM ",
    "--chown=",
    "--link ",
    "--",
    "=",
    "\\\n",
    "\\",
    "`",
    "\n",
    "\r\n",
    "\t",
    " ",
    "#",
    "# escape=`\n",
    "# syntax=docker/dockerfile:1\n",
    "<<EOF\nx\nEOF\n",
    "<<-EOT",
    "EOF\n",
    "\"",
    "'",
    "[\"sh\", \"-c\"]",
    "[",
    "]",
    "${",
    "}",
    "$",
    "${A:-${B:+x}}",
    ":-",
    ":+",
    "${A%%x}",
    "build",
    "scratch",
    "0",
    "-1",
    "99999999999999999999",
    "dmsb/busybox:latest",
    "@sha256:",
    "\uFEFF",
    "\u0000",
    "é",
    "日本",
    "\uD800",
    "../",
    "/"
  };

  @Test
  void aHundredThousandMutatedDockerfilesGetDiagnosticsNeverAnException() throws IOException {
    List<String> corpus = corpus();
    Random random = new Random(SEED);
    long slowest = 0;
    int slowestIndex = -1;
    int withDiagnostics = 0;
    for (int i = 0; i < INPUTS; i++) {
      String text = mutate(corpus, random);
      Semantics semantics = (i & 1) == 0 ? Semantics.BUILDKIT : Semantics.LEGACY;
      String target = (i % 7 == 0) ? "build" : null;
      long start = System.nanoTime();
      LintResult r;
      try {
        r =
            Linter.lint(
                "Dockerfile", text, new LintOptions(new GraphOptions(Map.of(), target, semantics)));
      } catch (Throwable t) {
        throw new AssertionError("seed " + SEED + ", input " + i + " threw; input:\n" + text, t);
      }
      long took = System.nanoTime() - start;
      if (took > slowest) {
        slowest = took;
        slowestIndex = i;
      }
      assertThat(took)
          .as("seed %d input %d took %d ms", SEED, i, took / 1_000_000)
          .isLessThan(HANG.toNanos());
      for (Diagnostic d : r.diagnostics()) {
        assertThat(d.ruleId())
            .as("seed %d input %d: %s%ninput:%n%s", SEED, i, d.message(), text)
            .isNotEqualTo(Rules.INTERNAL_ERROR.id());
        assertThat(d.range().start().offset())
            .as("seed %d input %d: %s %s%ninput:%n%s", SEED, i, d.ruleId(), d.range(), text)
            .isBetween(0, text.length());
        assertThat(d.range().end().offset())
            .as("seed %d input %d: %s %s%ninput:%n%s", SEED, i, d.ruleId(), d.range(), text)
            .isBetween(d.range().start().offset(), text.length());
      }
      if (!r.diagnostics().isEmpty()) {
        withDiagnostics++;
      }
    }
    // The mutator must produce broken files, or it tests nothing.
    assertThat(withDiagnostics).isGreaterThan(INPUTS / 4);
    System.out.printf(
        "fuzz: %d inputs, %d with diagnostics, slowest #%d in %d ms%n",
        INPUTS, withDiagnostics, slowestIndex, slowest / 1_000_000);
  }

  @Test
  void aOneMegabyteLine() {
    String text = "FROM scratch\nRUN echo " + "a$b\\ ".repeat(200_000) + "\n";
    assertAnswered(text);
    assertAnswered("FROM " + "x".repeat(1 << 20) + "\n");
    assertAnswered("FROM scratch\nLABEL " + "k=v ".repeat(250_000) + "\n");
    assertAnswered("FROM scratch\nCOPY [" + "\"a\",".repeat(200_000) + "\"/\"]\n");
  }

  @Test
  void tenThousandContinuations() {
    assertAnswered("FROM scratch\nRUN a \\\n" + "  && b \\\n".repeat(10_000) + "  && c\n");
    assertAnswered("FROM scratch\nRUN \\\n" + "\\\n".repeat(10_000) + "\n");
    assertAnswered("FROM scratch\nRUN \\\n" + "# comment\n\\\n".repeat(10_000));
    assertAnswered("# escape=`\nFROM scratch\nRUN a `\n" + "`\n".repeat(10_000));
  }

  @Test
  void deeplyNestedVariables() {
    int depth = 10_000;
    String nested = "${A:-".repeat(depth) + "x" + "}".repeat(depth);
    assertAnswered("ARG IMG=" + nested + "\nFROM $IMG\n");
    assertAnswered("FROM " + nested + "\n");
    assertAnswered("ARG A=" + "${".repeat(100_000) + "\nFROM ${A}\n");
    assertAnswered("FROM scratch\nENV X=" + nested + "\nCOPY " + nested + " /\n");
    assertAnswered("FROM scratch AS " + "${x".repeat(50_000) + "\n");
  }

  @Test
  void manyStagesAndHeredocs() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      sb.append("FROM s")
          .append(i == 0 ? "cratch" : Integer.toString(i - 1))
          .append(" AS s")
          .append(i)
          .append('\n');
      sb.append("COPY --from=s").append(Math.max(0, i - 1)).append(" / /\n");
    }
    assertAnswered(sb.toString());
    assertAnswered("FROM scratch\nRUN <<EOF\n" + "line\n".repeat(100_000)); // never closed
  }

  /** Inputs the fuzzer found, kept as plain cases. */
  @Test
  void regressionsFoundByTheFuzzer() {
    // 'from' without '=': its range ended before it started (the '=' of target=... was taken)
    String text = "FROM scratch AS b\nRUN --mount=type=bind,from,target=/t ls\n";
    LintResult r = Linter.lint("Dockerfile", text, LintOptions.defaults());
    assertThat(r.diagnostics())
        .allSatisfy(
            d ->
                assertThat(d.range().end().offset())
                    .isBetween(d.range().start().offset(), text.length()));
  }

  private static void assertAnswered(String text) {
    for (Semantics semantics : Semantics.values()) {
      LintResult r =
          assertTimeoutPreemptively(
              HANG,
              () ->
                  Linter.lint(
                      "Dockerfile",
                      text,
                      new LintOptions(new GraphOptions(Map.of(), null, semantics))));
      assertThat(r.diagnostics())
          .as("internal error")
          .noneMatch(d -> d.ruleId().equals(Rules.INTERNAL_ERROR.id()));
    }
  }

  static String mutate(List<String> corpus, Random random) {
    StringBuilder sb = new StringBuilder(corpus.get(random.nextInt(corpus.size())));
    if (random.nextInt(10) == 0) {
      sb.append(corpus.get(random.nextInt(corpus.size()))); // splice two files
    }
    int edits = 1 + random.nextInt(random.nextInt(4) == 0 ? 40 : 6);
    for (int e = 0; e < edits; e++) {
      int at = sb.length() == 0 ? 0 : random.nextInt(sb.length() + 1);
      switch (random.nextInt(7)) {
        case 0, 1 -> sb.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        case 2 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(12)));
        case 3 -> {
          int from = random.nextInt(sb.length() + 1);
          int to = Math.min(sb.length(), from + random.nextInt(40));
          sb.insert(at, sb.substring(from, to));
        }
        case 4 -> {
          if (at < sb.length()) {
            sb.setCharAt(at, (char) (sb.charAt(at) ^ (1 << random.nextInt(7))));
          }
        }
        case 5 -> sb.insert(at, (char) random.nextInt(0x3000));
        default -> {
          // repeat a token many times: long runs of one construct
          String t = TOKENS[random.nextInt(TOKENS.length)];
          sb.insert(at, t.repeat(1 + random.nextInt(50)));
        }
      }
    }
    return sb.toString();
  }

  static List<String> corpus() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(Path.of("src/test/resources/dockerfiles"))) {
      for (Path p :
          s.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().equals("Dockerfile"))
              .toList()) {
        out.add(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    assertThat(out).as("fixture corpus").hasSizeGreaterThan(5);
    return out;
  }
}
