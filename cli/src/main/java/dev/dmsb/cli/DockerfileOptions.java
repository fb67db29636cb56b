package dev.dmsb.cli;

import dev.dmsb.build.BuilderChoice;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options naming a Dockerfile and how it is read, as {@code docker build} names them: {@code
 * -f}, {@code --target}, {@code --build-arg}, {@code --builder}. Shared by every command that reads
 * a Dockerfile; the positional PATH is {@link DockerfilePath}'s, since {@code dmsb verify}'s
 * positional is the IMAGE. Use with {@code @Mixin}.
 *
 * <p>A command may word these options for itself in its resource bundle (keys {@code file}, {@code
 * file.label}, {@code target}, {@code build-arg}, {@code build-arg.label}, {@code builder}, {@code
 * builder.label}), as {@code dmsb verify} does.
 */
public final class DockerfileOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "${bundle:file.label:-FILE}",
      description = "The Dockerfile (default: PATH/Dockerfile); '-' reads it from stdin (build).")
  Path file;

  @Option(
      names = "--target",
      paramLabel = "STAGE",
      description =
          "The stage to build (default: the last stage). dmsb build takes several, built at"
              + " once in one session.")
  List<String> targets = new java.util.ArrayList<>();

  private final Map<String, String> buildArgs = new LinkedHashMap<>();

  private Semantics builder = Semantics.BUILDKIT;

  private BuilderChoice builderChoice = BuilderChoice.AUTO;

  @Option(
      names = "--build-arg",
      paramLabel = "${bundle:build-arg.label:-KEY[=VALUE]}",
      description = "A build argument; repeatable. Without =VALUE the environment's value is used.")
  void buildArg(List<String> values) {
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq == 0) {
        throw new ParameterException(
            spec.commandLine(), "--build-arg needs KEY=VALUE, got '" + v + "'");
      }
      if (eq < 0) {
        String env = System.getenv(v);
        if (env != null) {
          buildArgs.put(v, env);
        }
      } else {
        buildArgs.put(v.substring(0, eq), v.substring(eq + 1));
      }
    }
  }

  @Option(
      names = "--builder",
      paramLabel = "${bundle:builder.label:-buildkit|legacy|buildah|auto}",
      description =
          "Whose rules to apply: buildkit (default), legacy, buildah (Podman's builder), or auto"
              + " (BuildKit's rules; 'dmsb build' then uses BuildKit when the engine offers it, and"
              + " Buildah's rules and Buildah on Podman).")
  void builder(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "buildkit" -> {
        builder = Semantics.BUILDKIT;
        builderChoice = BuilderChoice.BUILDKIT;
      }
      case "legacy" -> {
        builder = Semantics.LEGACY;
        builderChoice = BuilderChoice.LEGACY;
      }
      case "buildah" -> {
        builder = Semantics.BUILDAH;
        builderChoice = BuilderChoice.BUILDAH;
      }
      case "auto" -> {
        builder = Semantics.BUILDKIT;
        builderChoice = BuilderChoice.AUTO;
      }
      default ->
          throw new ParameterException(
              spec.commandLine(),
              "--builder must be buildkit, legacy, buildah or auto, not '" + value + "'");
    }
  }

  /** The build args given, in order. */
  public Map<String, String> buildArgs() {
    return buildArgs;
  }

  /** The semantics chosen with {@code --builder}. */
  public Semantics semantics() {
    return builder;
  }

  /** The builder to build with: {@code --builder}, {@link BuilderChoice#AUTO} when not given. */
  public BuilderChoice builderChoice() {
    return builderChoice;
  }

  /** {@code -f} as given, or {@code null}. */
  public Path file() {
    return file;
  }

  /** Whether {@code -f -} asks for the Dockerfile on standard input. */
  public boolean dockerfileFromStdin() {
    return file != null && file.toString().equals("-");
  }

  /** {@code --target}, or {@code null}; more than one is a usage error here. */
  public String target() {
    if (targets.size() > 1) {
      throw new UserError(
          ExitCode.USAGE, "--target was given " + targets.size() + " times; give one stage");
    }
    return targets.isEmpty() ? null : targets.get(0);
  }

  /** Every {@code --target}, in the order given (only {@code dmsb build} takes several). */
  public List<String> targets() {
    return List.copyOf(targets);
  }

  /**
   * Graph options from {@code --target}, {@code --build-arg} and {@code --builder}; with several
   * targets, the graph of the whole file (the last stage's).
   */
  public GraphOptions graphOptions() {
    return new GraphOptions(buildArgs, targets.size() == 1 ? targets.get(0) : null, builder);
  }

  /**
   * For {@code dmsb verify}: the chain the Dockerfile named with {@code -f} builds (its target's),
   * or empty without {@code -f}. A Dockerfile that is missing, unreadable or does not parse is a
   * usage error (exit 2).
   */
  public Optional<ExpectedChain> expectedChain() {
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
    StageGraph graph = StageGraph.of(dockerfile, graphOptions());
    try {
      return Optional.of(ExpectedChains.of(graph));
    } catch (VerifyException e) {
      throw new UserError(ExitCode.USAGE, file + ": " + e.getMessage());
    }
  }
}
