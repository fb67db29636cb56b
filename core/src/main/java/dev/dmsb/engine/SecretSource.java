package dev.dmsb.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a build secret ({@code RUN --mount=type=secret,id=ID}) is read when the engine asks for it:
 * a file or an environment variable, as {@code docker build --secret} names them. The value is read
 * only then, and never kept, logged or shown; {@link #toString()} names the source only.
 *
 * @param id the secret's ID
 * @param file the file holding it, or null
 * @param env the environment variable holding it, or null (exactly one of the two is set)
 */
public record SecretSource(String id, Path file, String env) {
  public SecretSource {
    Objects.requireNonNull(id, "id");
    if ((file == null) == (env == null)) {
      throw new IllegalArgumentException("a secret is read from a file or from a variable");
    }
  }

  /** A secret read from {@code file}. */
  public static SecretSource file(String id, Path file) {
    return new SecretSource(id, file, null);
  }

  /** A secret read from the environment variable {@code env}. */
  public static SecretSource env(String id, String env) {
    return new SecretSource(id, null, env);
  }
}
