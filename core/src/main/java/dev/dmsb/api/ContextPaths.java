package dev.dmsb.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link BuildPlan}'s context folder and Dockerfile, checked before anything is read: what is
 * missing is named with the paths resolved and the API call that sets them.
 */
final class ContextPaths {
  private ContextPaths() {}

  /**
   * @param context the context folder
   * @param dockerfile the Dockerfile as given to {@code dockerfile(Path)}, or null
   * @param file the Dockerfile to read: {@code dockerfile}, else the context's {@code Dockerfile}
   */
  static void check(Path context, Path dockerfile, Path file) throws DmsbException {
    Path cwd = Path.of("").toAbsolutePath();
    if (!Files.isDirectory(context)) {
      throw new DockerfileProblemException(
          "the build context "
              + context
              + " is not a folder ("
              + context.toAbsolutePath().normalize()
              + " "
              + (Files.exists(context) ? "is a file" : "does not exist")
              + "); Dmsb.build(Path) takes the context folder, relative to the working folder "
              + cwd,
          List.of());
    }
    if (!Files.isRegularFile(file)) {
      throw new DockerfileProblemException(
          dockerfile == null
              ? "there is no Dockerfile in the build context "
                  + context.toAbsolutePath().normalize()
                  + "; name the file with .dockerfile(Path), relative to the working folder "
                  + cwd
              : "there is no Dockerfile at "
                  + file.toAbsolutePath().normalize()
                  + "; .dockerfile(Path) is relative to the working folder "
                  + cwd
                  + " (as docker build -f), not to the context"
                  + (Files.isRegularFile(context.resolve(dockerfile))
                      ? ": did you mean .dockerfile(Path.of(\""
                          + context.resolve(dockerfile).toString().replace('\\', '/')
                          + "\"))?"
                      : ""),
          List.of());
    }
  }
}
