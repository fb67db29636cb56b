package dev.dmsb.cli;

import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import dev.dmsb.dockerfile.syntax.Problem;
import dev.dmsb.verify.ExpectedChain;
import dev.dmsb.verify.ExpectedChains;
import dev.dmsb.verify.VerifyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The Dockerfile an image is verified against, named as {@code docker build} names it. Without
 * {@code -f} no Dockerfile is read and the history is reported unattributed. (To be replaced by the
 * shared Dockerfile options mixin once the front end provides it; the option names are the same.)
 */
final class VerifyDockerfileOptions {
  /** The builders whose resolution rules can be chosen. */
  enum Builder {
    buildkit,
    legacy
  }

  @Option(
      names = {"-f", "--file"},
      paramLabel = "DOCKERFILE",
      description = "Dockerfile the image was built from; its final stage's chain is expected.")
  Path file;

  @Option(
      names = "--target",
      paramLabel = "STAGE",
      description = "The stage the image was built for (default: the last stage).")
  String target;

  @Option(
      names = "--build-arg",
      paramLabel = "KEY=VALUE",
      description = "Build arguments the image was built with (repeatable).")
  Map<String, String> buildArgs = new LinkedHashMap<>();

  @Option(
      names = "--builder",
      paramLabel = "BUILDER",
      defaultValue = "buildkit",
      description =
          "Builder whose stage rules apply: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Builder builder;

  /** The expected chain, or empty when no Dockerfile was named. */
  Optional<ExpectedChain> expectedChain() {
    if (file == null) {
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserError(ExitCode.USAGE, file + ": no such Dockerfile; check -f");
    } catch (IOException e) {
      throw new UserError(ExitCode.USAGE, file + ": cannot read it: " + e.getMessage());
    }
    Dockerfile dockerfile = Dockerfile.parse(text);
    for (Problem p : dockerfile.problems()) {
      throw new UserError(
          ExitCode.USAGE,
          file
              + ":"
              + p.range().start().line()
              + ":"
              + p.range().start().column()
              + ": "
              + p.message()
              + "; fix the Dockerfile ('dmsb lint' explains)");
    }
    Semantics semantics = builder == Builder.legacy ? Semantics.LEGACY : Semantics.BUILDKIT;
    StageGraph graph = StageGraph.of(dockerfile, new GraphOptions(buildArgs, target, semantics));
    try {
      return Optional.of(ExpectedChains.of(graph));
    } catch (VerifyException e) {
      throw new UserError(ExitCode.USAGE, file + ": " + e.getMessage());
    }
  }
}
