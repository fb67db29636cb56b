package dev.dmsb.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a BuildKit build writes its result instead of the engine's image store ({@code docker build
 * -o}): the final stage's files into a folder ({@code local}) or as a tar archive into a file
 * ({@code tar}). The engine sends them back through the session.
 *
 * @param type {@code local} or {@code tar}
 * @param dest the folder or file written
 */
public record BuildOutput(String type, Path dest) {
  public BuildOutput {
    Objects.requireNonNull(dest, "dest");
    if (!type.equals("local") && !type.equals("tar")) {
      throw new IllegalArgumentException("an output is of type local or tar, not " + type);
    }
  }
}
