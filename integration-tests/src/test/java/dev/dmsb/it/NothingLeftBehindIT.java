package dev.dmsb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * Runs after every other integration test class (see junit-platform.properties) and fails when the
 * run left a container or a {@code dmsb-it/*} image behind, or, on CI, an untagged image.
 *
 * <p>Images named by {@link EngineSupport} carry this run's {@link EngineSupport#RUN_ID}, and any
 * of them left is a failure. On CI ({@code CI=true}) the engine belongs to this run alone, so the
 * check is also strict about what else the run made: any container, and any {@code dmsb-it/*}
 * image, created since this JVM started. (Leftovers of an earlier, aborted run on the same machine
 * are not this run's fault and do not count.) On a developer's machine the engine may be shared
 * with other runs, so only containers with this run's Testcontainers session or {@link
 * EngineSupport#RUN_LABEL} label, or made from this run's images, count.
 */
@Tag(TestEngine.TAG)
@Order(Integer.MAX_VALUE)
class NothingLeftBehindIT {

  private static final boolean STRICT = EngineSupport.STRICT;

  private static final long RUN_START_SECONDS = EngineSupport.RUN_START_SECONDS;

  @Test
  void noContainerIsLeftBehind() {
    List<String> left =
        EngineSupport.client().listContainersCmd().withShowAll(true).exec().stream()
            .filter(c -> c.getCreated() != null && c.getCreated() >= RUN_START_SECONDS)
            .filter(c -> STRICT || madeByThisRun(c))
            .map(c -> c.getId().substring(0, 12) + " " + c.getImage() + " " + c.getStatus())
            .toList();

    assertThat(left).as("containers left behind by the integration tests").isEmpty();
  }

  @Test
  void noTestImageIsLeftBehind() {
    List<String> left =
        EngineSupport.client().listImagesCmd().exec().stream()
            .filter(image -> image.getRepoTags() != null)
            .flatMap(image -> Arrays.stream(image.getRepoTags()).map(tag -> new Tagged(tag, image)))
            .filter(t -> t.tag().startsWith(EngineSupport.IMAGE_PREFIX))
            .filter(
                t -> t.tag().contains(":" + EngineSupport.RUN_ID + "-") || strictAndNew(t.image()))
            .map(Tagged::tag)
            .toList();

    assertThat(left).as("dmsb-it/* images left behind by the integration tests").isEmpty();
  }

  /**
   * On CI, no image the API's users get is left: {@code @DmsbImage}'s {@code dmsb-junit/*}, {@code
   * ImageFromDmsb}'s {@code dmsb-testcontainers/*} and the example project's {@code example-app:*}
   * (on a shared engine another run may be making them, so there the check does not apply).
   */
  @Test
  void noImageOfTheApiIsLeftBehind() {
    assumeTrue(
        STRICT, "the API's images are checked where the engine is this run's alone (CI=true)");
    List<String> left =
        EngineSupport.client().listImagesCmd().exec().stream()
            .filter(image -> image.getRepoTags() != null)
            .flatMap(image -> Arrays.stream(image.getRepoTags()))
            .filter(
                tag ->
                    tag.startsWith("dmsb-junit/")
                        || tag.startsWith("dmsb-testcontainers/")
                        || tag.startsWith("example-app:"))
            .toList();
    assertThat(left).as("images of the API left behind by the integration tests").isEmpty();
  }

  /**
   * On CI, no untagged image made during this run is left: the legacy builder's images of non-final
   * stages and images whose tag a later build took. (On a shared engine they cannot be told from
   * another build's, so there the check does not apply.)
   */
  @Test
  void noUntaggedImageIsLeftBehind() {
    assumeTrue(
        STRICT, "untagged images are checked where the engine is this run's alone (CI=true)");
    assertThat(EngineSupport.untaggedImagesOfThisRun())
        .map(i -> i.getId().substring(7, 19) + " created " + i.getCreated())
        .as("untagged images left behind by the integration tests")
        .isEmpty();
  }

  /** On CI, any dmsb-it image made during this run counts, named by EngineSupport or not. */
  private static boolean strictAndNew(Image image) {
    return STRICT && image.getCreated() != null && image.getCreated() >= RUN_START_SECONDS;
  }

  private record Tagged(String tag, Image image) {}

  private static boolean madeByThisRun(Container c) {
    Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
    return Stream.of(
            DockerClientFactory.SESSION_ID.equals(
                labels.get(DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL)),
            EngineSupport.RUN_ID.equals(labels.get(EngineSupport.RUN_LABEL)),
            c.getImage() != null && c.getImage().contains(":" + EngineSupport.RUN_ID + "-"))
        .anyMatch(Boolean::booleanValue);
  }
}
