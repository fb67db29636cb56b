package dev.dmsb.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.cli.DmsbCommand;
import dev.dmsb.dockerfile.check.Rule;
import dev.dmsb.dockerfile.check.Rules;
import dev.dmsb.dockerfile.syntax.DockerfileParser;
import dev.dmsb.dockerfile.syntax.InstructionNode;
import dev.dmsb.dockerfile.syntax.SyntaxTree;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agreement corpus again, but with every base image's config read as {@code dmsb lint
 * --resolve-images} reads it (the engine, then the registry on 127.0.0.1:5000) rather than from the
 * recorded {@code images.txt}: the corpus's own base images are built here with the docker CLI (one
 * for linux/arm64 only, one with ENV and ONBUILD) and pushed under this run's names, the
 * Dockerfiles name them, and the findings are BuildKit's, as {@code expected} recorded them.
 */
@Tag(TestEngine.TAG)
class ResolvedChecksCorpusIT {
  @org.junit.jupiter.api.extension.RegisterExtension
  static final EngineSupport SUPPORT = new EngineSupport();

  static final Path CORPUS = Path.of("../core/src/test/resources/buildkit-checks");
  static final Path IMAGES = Path.of("../core/src/test/resources/buildkit-checks-images");
  static final Map<String, String> PUSHED = new HashMap<>();

  /** The corpus's base images whose ONBUILD triggers the engine's builder did not keep. */
  static final Map<String, String> LOST_ONBUILD = new HashMap<>();

  @TempDir static Path work;

  @BeforeAll
  static void buildAndPushTheBaseImages() throws Exception {
    EngineSupport.ensureBaseImage();
    try (Stream<Path> s = Files.list(IMAGES)) {
      for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
        String name = d.getFileName().toString();
        String tag = SUPPORT.imageNameIn("127.0.0.1:5000", "checks-" + name);
        String platform = Files.readString(d.resolve("platform")).strip();
        docker("build", "--no-cache", "--platform", platform, "-t", tag, d.toString());
        docker("push", tag);
        PUSHED.put("127.0.0.1:5000/dmsb-checks/" + name + ":1", tag);
        boolean triggers =
            Files.readAllLines(d.resolve("Dockerfile")).stream()
                .anyMatch(l -> l.strip().toUpperCase(java.util.Locale.ROOT).startsWith("ONBUILD"));
        String kept = docker("image", "inspect", "--format", "{{json .Config.OnBuild}}", tag);
        if (triggers && !kept.contains("ENV")) {
          // Buildah (Podman) writes OCI images, which have no place for ONBUILD: it warns and
          // drops them, so BuildKit's findings for this base do not apply to the image built here
          LOST_ONBUILD.put("127.0.0.1:5000/dmsb-checks/" + name + ":1", kept.strip());
        }
      }
    }
  }

  static String docker(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(TestEngine.dockerCli()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    // the classic builder: every engine of the CI has it (Podman has no BuildKit session)
    pb.environment().put("DOCKER_BUILDKIT", "0");
    pb.environment().put("DOCKER_HOST", EngineSupport.dockerHost());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    return out;
  }

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(CORPUS)) {
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
  void theChecksThatReadBaseImagesAgreeWithBuildKit(String name) throws Exception {
    Path dir = work.resolve(name);
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(CORPUS.resolve(name))) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    String text = Files.readString(dir.resolve("Dockerfile"));
    for (Map.Entry<String, String> e : LOST_ONBUILD.entrySet()) {
      org.junit.jupiter.api.Assumptions.assumeFalse(
          text.contains(e.getKey()),
          "the engine's builder dropped the ONBUILD triggers of "
              + e.getKey()
              + " (its config says OnBuild="
              + e.getValue()
              + "), which this case's findings depend on");
    }
    for (Map.Entry<String, String> e : PUSHED.entrySet()) {
      text = text.replace(e.getKey(), e.getValue()); // same lines, this run's images
    }
    Files.writeString(dir.resolve("Dockerfile"), text);
    List<String> args = new ArrayList<>(List.of("lint", "--format", "json", "--resolve-images"));
    Path options = dir.resolve("options");
    if (Files.exists(options)) {
      Files.readAllLines(options).stream()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .forEach(args::add);
    }
    args.add(dir.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err))
            .execute(args.toArray(String[]::new));
    assertThat(code).as(err.toString()).isIn(0, 1);
    SyntaxTree tree = DockerfileParser.parse(text);
    List<String> found = new ArrayList<>();
    for (JsonNode d : new ObjectMapper().readTree(out.toString()).path("diagnostics")) {
      String rule = d.path("rule").asText();
      assertThat(rule).as(out.toString()).isNotEqualTo("BaseImageUnread");
      if (Rules.byId(rule).map(Rule::isBuildKitCheck).orElse(false)) {
        found.add(instructionLine(tree, d.path("line").asInt()) + " " + rule);
      }
    }
    List<String> expected = new ArrayList<>();
    for (String l : Files.readAllLines(dir.resolve("expected"))) {
      if (!l.isBlank() && !l.startsWith("#")) {
        String[] p = l.split(" ", 2);
        expected.add(instructionLine(tree, Integer.parseInt(p[0])) + " " + p[1]);
      }
    }
    assertThat(found.stream().sorted().toList())
        .as(name)
        .isEqualTo(expected.stream().sorted().toList());
  }

  static int instructionLine(SyntaxTree tree, int line) {
    for (InstructionNode n : tree.instructions()) {
      if (n.range().start().line() <= line && line <= n.range().end().line()) {
        return n.range().start().line();
      }
    }
    return line;
  }
}
