package dev.dmsb.api;

import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.StageGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A Dockerfile read and checked: its text, the stage graph for the chosen target and build args,
 * and the diagnostics. Errors stop here, before the engine is asked to build.
 */
record DockerfileAnalysis(
    Path path, String text, StageGraph graph, List<LintDiagnostic> diagnostics) {

  static String read(Path path) throws DockerfileProblemException {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DockerfileProblemException(
          "there is no Dockerfile at "
              + path.toAbsolutePath()
              + "; give its path with .dockerfile(...) (default: Dockerfile in the context)",
          List.of());
    } catch (IOException e) {
      throw new DockerfileProblemException(
          "cannot read the Dockerfile " + path.toAbsolutePath() + ": " + e.getMessage(), List.of());
    }
  }

  /**
   * The name diagnostics and line references use: {@code path} relative to {@code context} when it
   * is inside it (as {@code docker build} names the file), else the path as given; '/' separators.
   */
  static String nameOf(Path path, Path context) {
    Path name = path;
    if (context != null) {
      Path abs = path.toAbsolutePath().normalize();
      Path root = context.toAbsolutePath().normalize();
      if (abs.startsWith(root) && !abs.equals(root)) {
        name = root.relativize(abs);
      }
    }
    String text = name.toString().replace('\\', '/');
    return text.isEmpty() ? "Dockerfile" : text;
  }

  /**
   * Reads and lints {@code path}, naming it {@code name} in diagnostics; warnings go to {@code
   * handler}.
   *
   * @throws DockerfileProblemException when the file is missing or has errors
   */
  static DockerfileAnalysis of(
      Path path,
      String name,
      Map<String, String> buildArgs,
      String target,
      BuildBackend builder,
      Consumer<DmsbEvent> handler)
      throws DockerfileProblemException {
    return of(
        path,
        name,
        buildArgs,
        target,
        builder == BuildBackend.LEGACY ? Semantics.LEGACY : Semantics.BUILDKIT,
        handler);
  }

  /** As above, with the stage rules of {@code semantics} (Buildah's, where Podman builds). */
  static DockerfileAnalysis of(
      Path path,
      String name,
      Map<String, String> buildArgs,
      String target,
      Semantics semantics,
      Consumer<DmsbEvent> handler)
      throws DockerfileProblemException {
    String text = read(path);
    LintResult lint =
        Linter.lint(name, text, new LintOptions(new GraphOptions(buildArgs, target, semantics)));
    List<LintDiagnostic> diagnostics =
        lint.diagnostics().stream().map(ApiModel::diagnostic).toList();
    List<LintDiagnostic> errors =
        diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).toList();
    if (!errors.isEmpty() || lint.graph().isEmpty()) {
      throw new DockerfileProblemException(
          path
              + " has "
              + errors.size()
              + " error(s) the build would stop at or silently work around; fix them first:\n  "
              + errors.stream().map(LintDiagnostic::toString).collect(Collectors.joining("\n  ")),
          errors);
    }
    diagnostics.stream()
        .filter(d -> d.severity() == Severity.WARNING)
        .sorted(Comparator.comparingInt(LintDiagnostic::line))
        .forEach(d -> handler.accept(new DmsbEvent.Warning(d.toString())));
    return new DockerfileAnalysis(path, text, lint.graph().get(), diagnostics);
  }
}
