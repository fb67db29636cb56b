package dev.dmsb.it.buildkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * The standalone BuildKit daemons that {@code scripts/engine.sh up} starts for the tests tagged
 * {@value #TAG} ({@code scripts/engine.sh up buildkitd}, {@code up buildkitd-empty}), as the tests
 * find them: the variables that {@code scripts/engine.sh env buildkitd} prints, else the same
 * defaults under {@code DMSB_ENGINE_DIR} ({@code /tmp/dmsb-engine}).
 *
 * <pre>{@code
 * @Tag(Buildkitd.TAG)
 * class FooIT {
 *   static Buildkitd buildkitd;
 *   @BeforeAll static void daemon() { buildkitd = Buildkitd.require(); }
 *   ... buildkitd.host() ... buildkitd.buildctl().push(context, ref) ...
 * }
 * }</pre>
 *
 * <p>{@link #require()} skips the calling test (or class) when no buildkitd answers, and fails it
 * with {@code CI=true}, where {@code .ci/run} starts one.
 */
public final class Buildkitd {
  /** The JUnit tag of the tests that need a buildkitd. */
  public static final String TAG = "buildkitd";

  /** The server name in buildkitd's certificate ({@code --tlsservername}). */
  public static final String SERVER_NAME = "buildkitd";

  /** The registry both daemons push to and pull from, plain HTTP, no auth. */
  public static final String REGISTRY = "127.0.0.1:5000";

  /** The base image in {@link #REGISTRY}: the engine's {@code dmsb/busybox:latest}. */
  public static final String BASE_IMAGE = REGISTRY + "/dmsb/busybox:latest";

  private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
  private static final Map<String, Boolean> ANSWERS = new ConcurrentHashMap<>();

  private final String host;
  private final String tcpHost;
  private final Path tls;
  private final String emptyHost;
  private final Path buildctl;

  private Buildkitd(String host, String tcpHost, Path tls, String emptyHost, Path buildctl) {
    this.host = host;
    this.tcpHost = tcpHost;
    this.tls = tls;
    this.emptyHost = emptyHost;
    this.buildctl = buildctl;
  }

  /** The daemons' addresses as the environment names them, unchecked. */
  public static Buildkitd fromEnvironment() {
    Path dir = Path.of(env("DMSB_ENGINE_DIR", "/tmp/dmsb-engine"));
    return new Buildkitd(
        env("DMSB_IT_BUILDKIT_HOST", "unix://" + dir.resolve("buildkitd/buildkitd.sock")),
        env("DMSB_IT_BUILDKIT_TCP_HOST", "tcp://127.0.0.1:12340"),
        Path.of(env("DMSB_IT_BUILDKIT_TLS", dir.resolve("buildkitd/tls").toString())),
        env(
            "DMSB_IT_BUILDKIT_EMPTY_HOST",
            "unix://" + dir.resolve("buildkitd-empty/buildkitd.sock")),
        Path.of(env("DMSB_IT_BUILDCTL", dir.resolve("buildkitd/bin/buildctl").toString())));
  }

  /**
   * The daemons, once {@code buildkitd} answers on its unix socket; skips the caller otherwise
   * (fails it with {@code CI=true}).
   */
  public static Buildkitd require() {
    Buildkitd d = fromEnvironment();
    d.requireAnswer(d.host, "buildkitd");
    return d;
  }

  /** As {@link #require()}, and {@code buildkitd-empty} answers too. */
  public static Buildkitd requireWithEmpty() {
    Buildkitd d = require();
    d.requireAnswer(d.emptyHost, "buildkitd-empty");
    return d;
  }

  private void requireAnswer(String address, String name) {
    String why = null;
    if (!Files.isExecutable(buildctl)) {
      why = "buildctl is missing at " + buildctl;
    } else if (address.startsWith("unix://")
        && !Files.exists(Path.of(address.substring("unix://".length())))) {
      why = "no socket at " + address;
    } else if (!ANSWERS.computeIfAbsent(address, a -> Buildctl.at(buildctl, a).answers())) {
      why = "nothing answers at " + address;
    }
    if (why == null) {
      return;
    }
    String message =
        "no "
            + name
            + " for the tests tagged "
            + TAG
            + ": "
            + why
            + "; start it with 'scripts/engine.sh up "
            + name
            + "' (as root), or set the variables 'scripts/engine.sh env buildkitd' prints";
    if (CI) {
      fail(message + " (CI=true: .ci/run starts it, so its absence is a failure)");
    }
    Assumptions.abort(message);
  }

  /** {@code unix://…/buildkitd.sock} of {@code buildkitd}. */
  public String host() {
    return host;
  }

  /** {@code tcp://127.0.0.1:12340}: {@code buildkitd} with mutual TLS. */
  public String tcpHost() {
    return tcpHost;
  }

  /** {@code unix://…} of {@code buildkitd-empty}, whose root each start empties. */
  public String emptyHost() {
    return emptyHost;
  }

  /** buildctl of the same BuildKit, the tests' oracle. */
  public Path buildctlBinary() {
    return buildctl;
  }

  /**
   * The folder with the right client material, in buildctl's {@code --tlsdir} layout: {@code
   * ca.pem}, {@code cert.pem}, {@code key.pem}; also {@code server-cert.pem} and {@code
   * server-key.pem}.
   */
  public Path tlsDir() {
    return tls;
  }

  /** The test CA's certificate. */
  public Path caCert() {
    return tls.resolve("ca.pem");
  }

  /** The client certificate signed by the test CA. */
  public Path clientCert() {
    return tls.resolve("cert.pem");
  }

  /** The client certificate's key. */
  public Path clientKey() {
    return tls.resolve("key.pem");
  }

  /**
   * Wrong material: {@code ca.pem} of another CA (which did not sign buildkitd's certificate) and
   * {@code cert.pem}/{@code key.pem} of a client it signed (which buildkitd does not trust).
   */
  public Path otherTlsDir() {
    return tls.resolve("other");
  }

  /** buildctl on {@code buildkitd}'s unix socket. */
  public Buildctl buildctl() {
    return Buildctl.at(buildctl, host);
  }

  /** buildctl on {@code buildkitd-empty}. */
  public Buildctl buildctlOnEmpty() {
    return Buildctl.at(buildctl, emptyHost);
  }

  /** buildctl over tcp with the right TLS material. */
  public Buildctl buildctlOverTcp() {
    return buildctlOverTcp(tls.resolve("ca.pem"), tls.resolve("cert.pem"), tls.resolve("key.pem"));
  }

  /** buildctl over tcp with the given CA certificate and client certificate and key. */
  public Buildctl buildctlOverTcp(Path ca, Path cert, Path key) {
    return Buildctl.at(buildctl, tcpHost).withTls(ca, cert, key, SERVER_NAME);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
