package dev.dmsb.dockerfile.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.build.DockerIgnore;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.syntax.InstructionNode;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dmsb lint says what BuildKit's own build checks say: for every case of {@code
 * buildkit-checks/<case>/} (a Dockerfile, maybe a {@code .dockerignore} and {@code options}), the
 * BuildKit-named findings are the rule names on the lines that {@code expected} records from the
 * oracle ({@code docker buildx build --call check} against buildkitd v0.32.2; re-record with {@code
 * scripts/record-buildkit-checks.sh}). Lines are compared by instruction: BuildKit points at an
 * instruction's first line, or its last for NoEmptyContinuation, dmsb at the value at fault.
 *
 * <p>{@code expected-engine} holds what Docker 28.5.2's own BuildKit (forky's dockerd, which
 * vendors an older BuildKit) says. dmsb follows v0.32's rule set; the two differences are listed in
 * {@link #ENGINE_28_5}, and the test checks that they are the only ones.
 */
class BuildKitChecksAgreementTest {
  static final Path ROOT = Path.of("src/test/resources/buildkit-checks");

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
  void dmsbFindsWhatBuildKitFinds(String name) throws Exception {
    Path dir = ROOT.resolve(name);
    String text = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
    LintResult r = Linter.lint("Dockerfile", text, options(dir));
    List<String> expected = new ArrayList<>();
    for (String l : Files.readAllLines(dir.resolve("expected"))) {
      if (!l.isBlank() && !l.startsWith("#")) {
        String[] p = l.split(" ", 2);
        expected.add(instructionLine(r.tree(), Integer.parseInt(p[0])) + " " + p[1]);
      }
    }
    List<String> found =
        r.diagnostics().stream()
            .filter(d -> d.rule().isBuildKitCheck())
            .map(d -> instructionLine(r.tree(), d.range().start().line()) + " " + d.ruleId())
            .sorted(BuildKitChecksAgreementTest::byLine)
            .toList();
    assertThat(found)
        .as(name)
        .isEqualTo(expected.stream().sorted(BuildKitChecksAgreementTest::byLine).toList());
  }

  /**
   * Where Docker 28.5.2's BuildKit (v0.25's or v0.26's rules) reads otherwise than v0.32's, and
   * why; {@code applies} gets the file's lines and the finding's line.
   */
  record EngineDifference(
      String rule, String why, boolean onlyTheEngine, BiPredicate<List<String>, Integer> applies) {}

  static final Pattern ALLOW_WORD = Pattern.compile("(?i).*(?:^|[_ ])(?:file|version)(?:_|=|$).*");

  static final List<EngineDifference> ENGINE_28_5 =
      List.of(
          new EngineDifference(
              "CopyIgnoredFile",
              "experimental (off by default) before BuildKit v0.27",
              false,
              (lines, line) -> true),
          new EngineDifference(
              "SecretsUsedInArgOrEnv",
              "only 'public' was an allow-word before v0.27; 'file' and 'version' came later",
              true,
              (lines, line) -> ALLOW_WORD.matcher(lines.get(line - 1)).matches()),
          new EngineDifference(
              "*",
              "a # check= comment above an instruction (not the directive on line 1) applies to it"
                  + " only from v0.27",
              true,
              (lines, line) -> line >= 3 && lines.get(line - 2).matches("#\\s*check\\s*=.*")));

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void dmsbFindsWhatDocker285sBuildKitFindsButForTheKnownDifferences(String name) throws Exception {
    Path dir = ROOT.resolve(name);
    Path engine = dir.resolve("expected-engine");
    if (!Files.exists(engine)) {
      return;
    }
    String text = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
    LintResult r = Linter.lint("Dockerfile", text, options(dir));
    List<String> lines = text.lines().toList();
    List<String> expected = new ArrayList<>();
    for (String l : Files.readAllLines(engine)) {
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] p = l.split(" ", 2);
      int line = Integer.parseInt(p[0]);
      boolean differs =
          ENGINE_28_5.stream()
              .anyMatch(
                  d ->
                      d.onlyTheEngine()
                          && (d.rule().equals(p[1]) || d.rule().equals("*"))
                          && d.applies().test(lines, line));
      if (!differs) {
        expected.add(instructionLine(r.tree(), line) + " " + p[1]);
      }
    }
    List<String> found =
        r.diagnostics().stream()
            .filter(d -> d.rule().isBuildKitCheck())
            .filter(
                d ->
                    ENGINE_28_5.stream()
                        .noneMatch(e -> !e.onlyTheEngine() && e.rule().equals(d.ruleId())))
            .map(d -> instructionLine(r.tree(), d.range().start().line()) + " " + d.ruleId())
            .sorted(BuildKitChecksAgreementTest::byLine)
            .toList();
    assertThat(found)
        .as(name + " against " + Files.readAllLines(engine).get(0))
        .isEqualTo(expected.stream().sorted(BuildKitChecksAgreementTest::byLine).toList());
  }

  @Test
  void theCorpusCoversEveryBuildKitCheck() throws IOException {
    List<String> seen = new ArrayList<>();
    for (String c : cases().toList()) {
      for (String l : Files.readAllLines(ROOT.resolve(c).resolve("expected"))) {
        if (!l.startsWith("#") && !l.isBlank()) {
          seen.add(l.split(" ", 2)[1]);
        }
      }
    }
    assertThat(Rules.all().stream().filter(Rule::isBuildKitCheck).map(Rule::id))
        .hasSize(22)
        .allSatisfy(id -> assertThat(seen).as("a case where BuildKit reports " + id).contains(id));
  }

  static int byLine(String a, String b) {
    int c = Integer.compare(Integer.parseInt(a.split(" ")[0]), Integer.parseInt(b.split(" ")[0]));
    return c != 0 ? c : a.compareTo(b);
  }

  /** The first line of the instruction holding {@code line}; the line itself outside any. */
  static int instructionLine(SyntaxTree tree, int line) {
    for (InstructionNode n : tree.instructions()) {
      if (n.range().start().line() <= line && line <= n.range().end().line()) {
        return n.range().start().line();
      }
    }
    return line;
  }

  static LintOptions options(Path dir) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    String target = null;
    Path opts = dir.resolve("options");
    if (Files.exists(opts)) {
      for (String l : Files.readAllLines(opts)) {
        if (l.startsWith("--build-arg=")) {
          String kv = l.substring("--build-arg=".length());
          args.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        } else if (l.startsWith("--target=")) {
          target = l.substring("--target=".length());
        } else if (!l.isBlank()) {
          throw new IllegalArgumentException(opts + ": " + l);
        }
      }
    }
    LintOptions o =
        new LintOptions(new GraphOptions(args, target, Semantics.BUILDKIT)).withImages(images());
    Path ignoreFile = dir.resolve(".dockerignore");
    if (Files.exists(ignoreFile)) {
      DockerIgnore ignore = DockerIgnore.parse(Files.readString(ignoreFile), ".dockerignore");
      List<String> patterns =
          ignore.rules().stream().map(x -> (x.exception() ? "!" : "") + x.pattern()).toList();
      o =
          o.withIgnore(
              new ContextIgnore() {
                @Override
                public List<String> patterns() {
                  return patterns;
                }

                @Override
                public boolean excludes(String path) {
                  return ignore.excludes(path);
                }
              });
    }
    return o;
  }

  /** The image configs the oracle resolved, as the recording script wrote them down. */
  static BaseImages images() throws IOException {
    Map<String, ImageFacts> byRef = new LinkedHashMap<>();
    String ref = null;
    String[] platform = null;
    List<String> env = new ArrayList<>();
    List<String> shell = new ArrayList<>();
    List<String> onBuild = new ArrayList<>();
    for (String l : Files.readAllLines(ROOT.resolve("images.txt"))) {
      if (l.startsWith("image ")) {
        if (ref != null) {
          byRef.put(
              ref, new ImageFacts(platform[0], platform[1], platform[2], env, shell, onBuild));
        }
        String[] p = l.split(" ");
        ref = p[1];
        platform = new String[] {p[2], p[3], p[4].equals("-") ? "" : p[4]};
        env = new ArrayList<>();
        shell = new ArrayList<>();
        onBuild = new ArrayList<>();
      } else if (l.startsWith("env ")) {
        env.add(l.substring(4));
      } else if (l.startsWith("shell ")) {
        shell.add(l.substring(6));
      } else if (l.startsWith("onbuild ")) {
        onBuild.add(l.substring(8));
      }
    }
    if (ref != null) {
      byRef.put(ref, new ImageFacts(platform[0], platform[1], platform[2], env, shell, onBuild));
    }
    return (reference, p) -> Optional.ofNullable(byRef.get(reference));
  }
}
