package dev.dmsb.junit;

import dev.dmsb.api.BuildBackend;
import dev.dmsb.api.Builder;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Builds an image with dmsb for a test class and injects it into a {@link dev.dmsb.api.BuiltImage}
 * field (static or not) or parameter. The image is built once per test class and annotation values,
 * tagged with a unique {@code dmsb-junit/<class>:<random>} tag, and removed (with the images of its
 * non-final stages) when the class's tests are done, so nothing is left in the engine even without
 * Ryuk. The engine comes from the environment ({@code DOCKER_HOST}, docker contexts). The image is
 * verified against its Dockerfile, with the expectations given here ({@link #expectLayers()},
 * {@link #maxSize()}, {@link #forbid()}, {@link #strict()}, as {@code dmsb verify}'s options):
 * assert on them with {@code ImageAssertions.assertThat(image).passed()}.
 *
 * <p>For a {@code static @Container} field, which Testcontainers starts before this extension fills
 * fields, use {@code dmsb-testcontainers}' {@code ImageFromDmsb} instead.
 *
 * <pre>{@code
 * class AppImageTest {
 *   @DmsbImage(context = "examples/seed", dockerfile = "named-stage.Dockerfile")
 *   static BuiltImage image;
 *
 *   @Test
 *   void runs() throws Exception {
 *     try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(image.imageName()))) {
 *       ...
 *     }
 *   }
 * }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(DmsbExtension.class)
public @interface DmsbImage {
  /** The build context folder, relative to the working folder (the module's folder in Maven). */
  String context() default ".";

  /** The Dockerfile, relative to the context folder (as in Compose's {@code build.dockerfile}). */
  String dockerfile() default "Dockerfile";

  /** The stage to build; empty for the last stage. */
  String target() default "";

  /** The build backend. */
  BuildBackend backend() default BuildBackend.AUTO;

  /**
   * The builder; when not {@code AUTO} it wins over {@link #backend()}.
   *
   * @deprecated use {@link #backend()}; stays for one release
   */
  @Deprecated(since = "0.1.0")
  Builder builder() default Builder.AUTO;

  /**
   * More tags for the image ({@code name:tag}), besides the unique one; removed with it. With
   * {@link #buildkitHost()} they are pushed too, so they are whole references into a registry
   * ({@code host:port/name:tag}), and they stay there as the unique one does.
   */
  String[] tags() default {};

  /** Build arguments as {@code NAME=value}. */
  String[] buildArgs() default {};

  /**
   * Build on this BuildKit daemon ({@code unix:///path} or {@code tcp://host:port}) instead of the
   * Docker engine; the image is then pushed to {@link #registry()} and verified from there.
   */
  String buildkitHost() default "";

  /**
   * With {@link #buildkitHost()}: the registry the image is pushed to ({@code host:port}), under
   * its unique {@code dmsb-junit/...} name; the image stays there after the tests.
   */
  String registry() default "";

  /** Build without the engine's cache. */
  boolean noCache() default false;

  /** The number of filesystem layers the image must have, base included; -1: any. */
  int expectLayers() default -1;

  /** The largest acceptable image size ({@code "10MB"}, {@code "512kB"}); empty: any. */
  String maxSize() default "";

  /** Globs of paths that must not be in the image ({@code "/tmp/**"}, {@code "*.pem"}). */
  String[] forbid() default {};

  /** A final stage built {@code FROM} another stage fails verification. */
  boolean strict() default false;
}
