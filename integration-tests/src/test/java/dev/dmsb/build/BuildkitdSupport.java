package dev.dmsb.build;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The standalone buildkitd of the buildkitd-tagged tests, as {@code scripts/engine.sh env
 * buildkitd} exports it: {@code DMSB_IT_BUILDKIT_HOST} (unix), {@code DMSB_IT_BUILDKIT_TCP_HOST}
 * (mutual TLS with the material in {@code DMSB_IT_BUILDKIT_TLS}: ca.pem, cert.pem, key.pem) and
 * {@code DMSB_IT_BUILDCTL}, falling back to the engine script's defaults. A test skips when no
 * daemon is there, except on CI ({@code CI=true}), where that fails.
 */
final class BuildkitdSupport {
  static final String TAG = "buildkitd";
  private static final Map<String, String> ENV = System.getenv();
  private static final String DIR =
      ENV.getOrDefault("DMSB_ENGINE_DIR", "/tmp/dmsb-engine") + "/buildkitd";

  private BuildkitdSupport() {}

  static String unixHost() {
    String host = ENV.getOrDefault("DMSB_IT_BUILDKIT_HOST", "unix://" + DIR + "/buildkitd.sock");
    require(Files.exists(Path.of(host.substring("unix://".length()))), "a buildkitd at " + host);
    return host;
  }

  /** The second daemon, whose root is emptied on every start, for cache imports. */
  static String emptyHost() {
    String host =
        ENV.getOrDefault(
            "DMSB_IT_BUILDKIT_EMPTY_HOST",
            "unix://" + DIR.replace("/buildkitd", "/buildkitd-empty") + "/buildkitd.sock");
    require(Files.exists(Path.of(host.substring("unix://".length()))), "a buildkitd at " + host);
    return host;
  }

  static String tcpHost() {
    String host = ENV.getOrDefault("DMSB_IT_BUILDKIT_TCP_HOST", "tcp://127.0.0.1:12340");
    require(Files.isRegularFile(tls().resolve("ca.pem")), "TLS material for " + host);
    return host;
  }

  static Path tls() {
    return Path.of(ENV.getOrDefault("DMSB_IT_BUILDKIT_TLS", DIR + "/tls"));
  }

  static Path buildctl() {
    Path p = Path.of(ENV.getOrDefault("DMSB_IT_BUILDCTL", DIR + "/bin/buildctl"));
    require(Files.isExecutable(p), "buildctl at " + p);
    return p;
  }

  private static void require(boolean there, String what) {
    if (!there && "true".equals(ENV.get("CI"))) {
      throw new AssertionError("CI needs " + what + " (scripts/engine.sh up buildkitd)");
    }
    Assumptions.assumeTrue(there, "no " + what);
  }
}
