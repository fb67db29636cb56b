package dev.dmsb.testcontainers;

import dev.dmsb.api.BuildPlan;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.DmsbException;
import dev.dmsb.api.VerifyResult;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.testcontainers.utility.DockerImageName;

/**
 * An image that dmsb builds (and verifies, when the plan has expectations) the first time a
 * container asks for it: a {@code Future<String>} like Testcontainers' {@code ImageFromDockerfile},
 * so it can be handed to a {@code static @Container} field before anything is built.
 *
 * <pre>{@code
 * static final ImageFromDmsb image =
 *     ImageFromDmsb.of(
 *         Dmsb.build(Path.of("../examples/seed"))
 *             .dockerfile(Path.of("../examples/seed/named-stage.Dockerfile"))
 *             .expect(VerifyExpectations.none().layers(3)));
 *
 * @Container
 * static GenericContainer<?> app = new GenericContainer<>(image).withCommand("sleep", "60");
 * }</pre>
 *
 * <p>The build runs on the engine Testcontainers uses ({@code DockerClientFactory}'s docker host,
 * from {@code ~/.testcontainers.properties}, {@code DOCKER_HOST} and its other strategies), not on
 * the one {@code dmsb-core} would find by itself, so both agree. The image gets a unique {@code
 * dmsb-testcontainers/<class>:<random>} tag, which is what the future resolves to. When the plan
 * has expectations and the image fails them, the image is removed and resolving fails with the
 * verification report, so no container starts from it.
 *
 * <p>The image (with the images of its non-final stages) is removed when the test class that
 * resolved it ends, after Testcontainers has stopped that class's containers; containers of this
 * Testcontainers session that still run from it are stopped first. Outside a JUnit Platform test
 * class it is removed when the JVM exits, or earlier with {@link #remove()}.
 */
public final class ImageFromDmsb implements Future<String> {
  private final BuildPlan plan;
  // Both null until built, and again once removed: a later container (the class run again in this
  // JVM) builds anew rather than start from an image that is gone.
  private BuiltImage image;
  private String tag;
  // Added to the plan once: a rebuild after removal reuses it rather than pile up tags.
  private String unique;

  private ImageFromDmsb(BuildPlan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
  }

  /**
   * The image {@code plan} builds, built on first use. The plan's engine is replaced by
   * Testcontainers' engine and a unique tag is added; keep using this object, not the plan.
   */
  public static ImageFromDmsb of(BuildPlan plan) {
    return new ImageFromDmsb(plan);
  }

  /**
   * The built image (building it now if no container has asked yet): its ID, tags, lint diagnostics
   * and verification, for {@code ImageAssertions.assertThat(image.builtImage())}.
   *
   * @throws IllegalStateException when the build or its verification failed
   */
  public synchronized BuiltImage builtImage() {
    get();
    return image;
  }

  /** The image's name for Testcontainers (its unique tag), building it now if needed. */
  public DockerImageName imageName() {
    return DockerImageName.parse(get());
  }

  /**
   * Removes the image now, before its test class ends (nothing happens if it was never built or is
   * gone already).
   *
   * @throws DmsbException when the engine refuses, e.g. a container not of this session uses it
   */
  public void remove() throws DmsbException {
    ImageRemoval removal;
    synchronized (this) {
      removal = image == null ? null : ImageRemoval.of(image, this::forget);
    }
    if (removal != null) {
      removal.run();
    }
  }

  /**
   * The image's unique tag, built first when no container asked yet.
   *
   * @throws IllegalStateException when the build fails or the image fails its expectations
   */
  @Override
  public synchronized String get() {
    if (tag == null) {
      image = build();
      tag = unique;
    }
    return tag;
  }

  /** As {@link #get()}: a build is not cut short. */
  @Override
  public String get(long timeout, TimeUnit unit) {
    return get();
  }

  /** A build cannot be cancelled: false. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return false;
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  /** Whether the image is built (and not removed since). */
  @Override
  public synchronized boolean isDone() {
    return tag != null;
  }

  private synchronized void forget(BuiltImage removed) {
    if (image == removed) {
      image = null;
      tag = null;
    }
  }

  private BuiltImage build() {
    if (unique == null) {
      unique = uniqueTag(ClassEndCleanup.currentClass());
      plan.tag(unique);
    }
    BuiltImage built;
    try (DmsbEngine engine = TestcontainersEngine.open()) {
      built = plan.engine(engine).build();
    } catch (DmsbException e) {
      throw new IllegalStateException("dmsb could not build the image: " + e.getMessage(), e);
    }
    ImageRemoval removal = ImageRemoval.of(built, this::forget);
    VerifyResult verification = built.verification().orElse(null);
    if (verification != null && !verification.passed()) {
      removal.runQuietly();
      throw new IllegalStateException(
          "dmsb built the image, but it fails its expectations (it was removed again):\n"
              + verification.report());
    }
    ClassEndCleanup.register(removal);
    return built;
  }

  private static String uniqueTag(String testClass) {
    String simple = testClass.substring(testClass.lastIndexOf('.') + 1);
    simple = simple.substring(simple.lastIndexOf('$') + 1);
    String name = simple.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    name = name.replaceAll("^-+|-+$", "");
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    return "dmsb-testcontainers/"
        + (name.isEmpty() ? "image" : name)
        + ":"
        + HexFormat.of().formatHex(random);
  }
}
