package dev.dmsb.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code [PATH]} (a Dockerfile, or the build context folder holding one) with the {@link
 * DockerfileOptions}: what {@code lint}, {@code graph}, {@code rewrite} and {@code build} take to
 * find the Dockerfile and its context. Use with {@code @Mixin}.
 */
public final class DockerfilePath {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATH",
      description = "A Dockerfile, or a folder (the build context) holding one. Default: '.'.")
  Path path;

  @Mixin DockerfileOptions options;

  /** {@code -f}, {@code --target}, {@code --build-arg}, {@code --builder}. */
  public DockerfileOptions options() {
    return options;
  }

  /** PATH as given, or {@code null}. */
  public Path pathGiven() {
    return path;
  }

  /** The Dockerfile to read: {@code -f}, PATH when it is a file, or PATH/Dockerfile. */
  public Path dockerfile() {
    if (options.file() != null) {
      return options.file();
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
    if (path != null && options.file() == null && !Files.exists(path)) {
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
}
