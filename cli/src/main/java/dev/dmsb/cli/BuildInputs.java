package dev.dmsb.cli;

import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code dmsb build} hands the build besides the context: the Dockerfile (a file, or stdin for
 * {@code -f -}), the labels, and the registry credentials; a bad one is a usage error.
 */
final class BuildInputs {
  private BuildInputs() {}

  /** The Dockerfile: null for {@code -f -} (stdin), else {@code -f}, PATH or PATH/Dockerfile. */
  static Path dockerfile(DockerfilePath dockerfilePath) {
    if (dockerfilePath.options().dockerfileFromStdin()) {
      return null;
    }
    Path p = dockerfilePath.dockerfile();
    if (!Files.isRegularFile(p)) {
      throw new UserError(
          ExitCode.USAGE,
          "Dockerfile " + p + " not found; pass its path with -f (or -f - to read stdin)");
    }
    return p;
  }

  /** The Dockerfile's text, from {@code stdin} for {@code -f -}. */
  static String read(Path dockerfile, InputStream stdin) {
    try {
      if (dockerfile == null) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(dockerfile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(
          ExitCode.USAGE,
          "can't read the Dockerfile "
              + (dockerfile == null ? "from stdin" : dockerfile.toString())
              + ": "
              + e.getMessage());
    }
  }

  /** Whether the Dockerfile is a file inside the context, which is sent under its own name. */
  static boolean sentAsItsOwnFile(Path dockerfile, Path context) {
    return dockerfile != null
        && dockerfile.toAbsolutePath().normalize().startsWith(context.toAbsolutePath().normalize());
  }

  /** {@code KEY=VALUE} items ({@code --label}) as a map; a bare {@code KEY} has an empty value. */
  static Map<String, String> keyValues(List<String> items, String flag) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        map.put(item, "");
      } else {
        map.put(item.substring(0, eq), item.substring(eq + 1));
      }
    }
    return map;
  }

  /** The credentials for each registry; a broken configuration is a usage error. */
  static Function<String, RegistryAuth> lookup(RegistryCredentials credentials) {
    return registry -> {
      try {
        return credentials.forRegistry(registry).orElse(null);
      } catch (EngineConfigException e) {
        throw new UserError(ExitCode.USAGE, e.getMessage());
      }
    };
  }
}
