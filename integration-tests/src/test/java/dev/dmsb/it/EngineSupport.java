package dev.dmsb.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Docker engine for integration tests, as a JUnit 5 extension.
 *
 * <pre>{@code
 * @RegisterExtension static final EngineSupport engine = new EngineSupport();
 * ...
 * String image = engine.imageName("quickstart"); // dmsb-it/quickstart:<run>-<random>, removed after the class
 * }</pre>
 *
 * <p>Before the class it checks that the engine answers (failing with a message that points at
 * {@code scripts/engine.sh up}) and that the base image {@value #BASE_IMAGE} exists, building it
 * from {@code /bin/busybox} if not. After the class it removes every image it named, and the
 * containers made from them. The engine is found the usual way: {@code DOCKER_HOST}, else {@code
 * /var/run/docker.sock}.
 */
public final class EngineSupport implements BeforeAllCallback, AfterAllCallback {

  // Declared first: the static fields below draw on it while the class initialises.
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The local base image of all tests and examples, built FROM scratch out of busybox. */
  public static final String BASE_IMAGE = "dmsb/busybox:latest";

  /** Every image a test makes is named under this repository prefix. */
  public static final String IMAGE_PREFIX = "dmsb-it/";

  /**
   * This test run's id: the tag of every image named here starts with it, so the final check can
   * tell this run's leftovers from another run's on a shared engine.
   */
  public static final String RUN_ID = randomHex(4);

  /** Label for containers that tests create themselves, so the final check can find them. */
  public static final String RUN_LABEL = "dev.dmsb.it.run";

  /**
   * Whether the engine belongs to this run alone (CI): then what the run made can be told by when
   * it was made, and the checks and clean-ups are strict.
   */
  public static final boolean STRICT = "true".equalsIgnoreCase(System.getenv("CI"));

  /** When this test JVM started, in the engine's seconds, less one for rounding. */
  public static final long RUN_START_SECONDS =
      ManagementFactory.getRuntimeMXBean().getStartTime() / 1000 - 1;

  private static volatile DockerClient client;

  private final List<String> images = new CopyOnWriteArrayList<>();

  @Override
  public void beforeAll(ExtensionContext context) {
    client();
    ensureBaseImage();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    for (String image : images) {
      remove(image);
    }
    images.clear();
    if (STRICT) {
      removeUntaggedImagesOfThisRun();
    }
  }

  /**
   * The untagged images made since this run started: the legacy builder keeps one per non-final
   * stage (for dmsb's builds and for the docker CLI's, which tests build as an oracle), and a tag
   * that a later build takes leaves the earlier image untagged.
   */
  public static List<Image> untaggedImagesOfThisRun() {
    return client().listImagesCmd().withDanglingFilter(true).exec().stream()
        .filter(i -> i.getCreated() != null && i.getCreated() >= RUN_START_SECONDS)
        .toList();
  }

  /**
   * Removes {@link #untaggedImagesOfThisRun()}, without force: one a container still uses stays.
   * Only where the engine is this run's alone ({@link #STRICT}): on a shared engine an untagged
   * image of the same minutes may be another build's. Test classes run one after another, so no
   * build of this run is using them.
   */
  private static void removeUntaggedImagesOfThisRun() {
    for (Image image : untaggedImagesOfThisRun()) {
      try {
        client().removeImageCmd(image.getId()).withForce(false).exec();
      } catch (NotFoundException | ConflictException e) {
        // gone already, or in use: the final check names what is left
      }
    }
  }

  /**
   * A unique image name {@code dmsb-it/<name>:<run>-<random>}, removed (with the containers made
   * from it) after the test class.
   */
  public String imageName(String name) {
    return removedAfterwards(IMAGE_PREFIX + name + ":" + RUN_ID + "-" + randomHex(4));
  }

  /**
   * Like {@link #imageName(String)}, in {@code registry} ({@code host:port}), for an image to push
   * there; the local tag is removed after the test class (the registry keeps its copy).
   */
  public String imageNameIn(String registry, String name) {
    return removedAfterwards(
        registry + "/" + IMAGE_PREFIX + name + ":" + RUN_ID + "-" + randomHex(4));
  }

  /**
   * {@code image}, a name the test makes the engine pull (a registry reference), taken out of the
   * engine now, so the test has to pull it, and again after the test class. Only the name goes: the
   * image keeps its other names ({@value #BASE_IMAGE}, pushed to the test registries, is the same
   * image under another name).
   */
  public String pulledByTheTest(String image) {
    remove(image);
    return removedAfterwards(image);
  }

  /** Removes {@code image} now, as after the test class (only this name of a shared image). */
  public void removeNow(String image) {
    remove(image);
  }

  /** Whether the engine knows {@code image}, a name or an ID. */
  public static boolean has(String image) {
    try {
      client().inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** All the names (tags and digests) the engine has for {@code image}. */
  public static List<String> namesOf(String image) {
    InspectImageResponse inspected = client().inspectImageCmd(image).exec();
    List<String> names = new java.util.ArrayList<>();
    if (inspected.getRepoTags() != null) {
      inspected.getRepoTags().forEach(n -> names.add(dockerName(n)));
    }
    if (inspected.getRepoDigests() != null) {
      inspected.getRepoDigests().forEach(n -> names.add(dockerName(n)));
    }
    return names;
  }

  /**
   * {@code name} as Docker writes it: Podman qualifies every name it reports ({@code
   * docker.io/library/x}, {@code docker.io/dmsb-it/x}, {@code localhost/dmsb-it/x}), Docker leaves
   * Docker Hub's and local ones short.
   */
  public static String dockerName(String name) {
    if (name == null) {
      return null;
    }
    for (String prefix : List.of("docker.io/library/", "docker.io/", "localhost/")) {
      if (name.startsWith(prefix)) {
        return name.substring(prefix.length());
      }
    }
    return name;
  }

  private String removedAfterwards(String image) {
    if (!images.contains(image)) {
      images.add(image);
    }
    return image;
  }

  /** The Docker address the tests use, as given by DOCKER_HOST or the default socket. */
  public static String dockerHost() {
    return config().getDockerHost().toString();
  }

  /**
   * A client for the engine, checked with a ping on first use.
   *
   * @throws IllegalStateException when no engine answers, naming the address and how to start one
   */
  public static DockerClient client() {
    DockerClient c = client;
    if (c == null) {
      synchronized (EngineSupport.class) {
        c = client;
        if (c == null) {
          c = connect();
          client = c;
        }
      }
    }
    return c;
  }

  private static DockerClient connect() {
    DockerClientConfig config = config();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofMinutes(5))
            .build();
    DockerClient c = DockerClientImpl.getInstance(config, http);
    try {
      c.pingCmd().exec();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "No Docker engine answers at "
              + config.getDockerHost()
              + " ("
              + e.getMessage()
              + "). The integration tests need one: run 'scripts/engine.sh up' (as root on"
              + " Debian it installs and starts one), or set DOCKER_HOST to a running engine.",
          e);
    }
    return c;
  }

  private static DockerClientConfig config() {
    return DefaultDockerClientConfig.createDefaultConfigBuilder().build();
  }

  /**
   * Makes sure {@value #BASE_IMAGE} exists. {@code scripts/engine.sh up} normally made it; if not,
   * it is built here the same way (legacy builder, since docker-java's typed build can't use
   * BuildKit; the layers are the same two).
   */
  public static synchronized void ensureBaseImage() {
    try {
      client().inspectImageCmd(BASE_IMAGE).exec();
    } catch (NotFoundException missing) {
      buildBaseImage(BASE_IMAGE);
    }
  }

  /** Builds the busybox base image under {@code tag}: two layers, COPY and RUN. */
  static void buildBaseImage(String tag) {
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isRegularFile(busybox)) {
      throw new IllegalStateException(
          tag
              + " is missing and /bin/busybox, needed to build it, too: run 'scripts/engine.sh"
              + " up' (or apt-get install busybox-static)");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("dmsb-base-");
      Files.copy(busybox, dir.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
      Files.writeString(
          dir.resolve("Dockerfile"),
          "FROM scratch\n"
              + "COPY busybox /bin/busybox\n"
              + "RUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\n");
      client().buildImageCmd(dir.toFile()).withTags(Set.of(tag)).start().awaitImageId();
    } catch (IOException e) {
      throw new IllegalStateException("could not prepare the build of " + tag, e);
    } finally {
      if (dir != null) {
        deleteQuietly(dir);
      }
    }
  }

  /**
   * Removes the containers made from {@code image}, then the image; absent is fine.
   *
   * <p>Containers are matched by the image name they were created with, or by the image ID when no
   * other name shares it. Docker's {@code ancestor} filter is not used: it resolves the name to an
   * ID and would also match containers of the base image the test image was tagged from.
   */
  static void remove(String image) {
    DockerClient c = client();
    String imageId;
    boolean idIsOnlyThisName;
    try {
      InspectImageResponse inspected = c.inspectImageCmd(image).exec();
      imageId = inspected.getId();
      idIsOnlyThisName =
          inspected.getRepoTags() != null
              && inspected.getRepoTags().stream()
                  .map(EngineSupport::dockerName)
                  .toList()
                  .equals(List.of(image));
    } catch (NotFoundException gone) {
      return; // never built, or removed by the test itself
    }
    for (Container container : c.listContainersCmd().withShowAll(true).exec()) {
      boolean madeFromIt =
          image.equals(dockerName(container.getImage()))
              || (idIsOnlyThisName && imageId.equals(container.getImageId()));
      if (madeFromIt) {
        try {
          c.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
          // removed meanwhile
        }
      }
    }
    try {
      c.removeImageCmd(image).withForce(true).exec();
    } catch (NotFoundException gone) {
      // removed meanwhile
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir; the OS cleans it eventually
    }
  }
}
