package dev.dmsb.cli;

import dev.dmsb.build.BuilderChoice;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Options every command that reads a Dockerfile shares: {@code [PATH]}, {@code -f}, {@code
 * --target}, {@code --build-arg}, {@code --builder}. Use with {@code @Mixin}.
 */
public final class DockerfileOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATH",
      description = "A Dockerfile, or a folder (the build context) holding one. Default: '.'.")
  Path path;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "The Dockerfile (default: PATH/Dockerfile); '-' reads it from stdin (build).")
  Path file;

  @Option(
      names = "--target",
      paramLabel = "STAGE",
      description = "The stage to build (default: the last stage).")
  String target;

  private final Map<String, String> buildArgs = new LinkedHashMap<>();

  private Semantics builder = Semantics.BUILDKIT;

  private BuilderChoice builderChoice = BuilderChoice.AUTO;

  @Option(
      names = "--build-arg",
      paramLabel = "KEY[=VALUE]",
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
      paramLabel = "buildkit|legacy|auto",
      description =
          "Whose rules to apply: buildkit (default), legacy, or auto (BuildKit's rules; 'dmsb"
              + " build' then uses BuildKit when the engine offers it).")
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
      case "auto" -> {
        builder = Semantics.BUILDKIT;
        builderChoice = BuilderChoice.AUTO;
      }
      default ->
          throw new ParameterException(
              spec.commandLine(),
              "--builder must be buildkit, legacy or auto, not '" + value + "'");
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

  /** Whether {@code -f -} asks for the Dockerfile on standard input. */
  public boolean dockerfileFromStdin() {
    return file != null && file.toString().equals("-");
  }

  /** PATH as given, or {@code null}. */
  public Path pathGiven() {
    return path;
  }

  /** {@code --target}, or {@code null}. */
  public String target() {
    return target;
  }

  /** Graph options from {@code --target}, {@code --build-arg} and {@code --builder}. */
  public GraphOptions graphOptions() {
    return new GraphOptions(buildArgs, target, builder);
  }

  /** The Dockerfile to read: {@code -f}, PATH when it is a file, or PATH/Dockerfile. */
  public Path dockerfile() {
    if (file != null) {
      return file;
    }
    Path p = path == null ? Path.of(".") : path;
    if (Files.isRegularFile(p)) {
      return p;
    }
    return path == null ? Path.of("Dockerfile") : p.resolve("Dockerfile");
  }

  /** The build context folder: PATH when it is a folder, else the folder holding PATH, else '.'. */
  public Path contextDir() {
    if (path == null) {
      return Path.of(".");
    }
    if (Files.isDirectory(path)) {
      return path;
    }
    Path parent = path.toAbsolutePath().getParent();
    return parent == null ? Path.of(".") : parent;
  }

  /** The Dockerfile's text; a missing or unreadable file is a usage error (exit 2). */
  public String readDockerfile() {
    Path df = dockerfile();
    if (path != null && file == null && !Files.exists(path)) {
      throw new UserError(ExitCode.USAGE, "no such file or folder: " + path);
    }
    if (!Files.isRegularFile(df)) {
      throw new UserError(
          ExitCode.USAGE,
          "no Dockerfile at " + df + " (give a Dockerfile or a folder holding one, or use -f)");
    }
    try {
      return new String(Files.readAllBytes(df), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(ExitCode.USAGE, "cannot read " + df + ": " + e.getMessage());
    }
  }

  /** The Dockerfile's name as shown in diagnostics (the path as given, with '/' separators). */
  public String displayName() {
    return dockerfile().toString().replace('\\', '/');
  }

  static List<String> builderNames() {
    return new ArrayList<>(List.of("buildkit", "legacy", "auto"));
  }
}
