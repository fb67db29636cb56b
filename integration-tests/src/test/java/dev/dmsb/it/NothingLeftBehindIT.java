package dev.dmsb.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * Runs after every other integration test class (see junit-platform.properties) and fails when the
 * run left a container or a {@code dmsb-it/*} image behind.
 *
 * <p>On CI ({@code CI=true}) the engine belongs to this run alone, so the check is strict: no
 * container created since this JVM started, no {@code dmsb-it/*} image at all. On a developer's
 * machine the engine may be shared with other runs, so it counts only what this run made: images
 * tagged with {@link EngineSupport#RUN_ID}, and containers with this run's Testcontainers session
 * or {@link EngineSupport#RUN_LABEL} label, or made from this run's images.
 */
@Order(Integer.MAX_VALUE)
class NothingLeftBehindIT {

  private static final boolean STRICT = "true".equalsIgnoreCase(System.getenv("CI"));

  @Test
  void noContainerIsLeftBehind() {
    long startSeconds = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000 - 1;
    List<String> left =
        EngineSupport.client().listContainersCmd().withShowAll(true).exec().stream()
            .filter(c -> c.getCreated() != null && c.getCreated() >= startSeconds)
            .filter(c -> STRICT || madeByThisRun(c))
            .map(c -> c.getId().substring(0, 12) + " " + c.getImage() + " " + c.getStatus())
            .toList();

    assertThat(left).as("containers left behind by the integration tests").isEmpty();
  }

  @Test
  void noTestImageIsLeftBehind() {
    List<String> left =
        EngineSupport.client().listImagesCmd().withShowAll(true).exec().stream()
            .map(Image::getRepoTags)
            .filter(Objects::nonNull)
            .flatMap(Arrays::stream)
            .filter(tag -> tag.startsWith(EngineSupport.IMAGE_PREFIX))
            .filter(tag -> STRICT || tag.contains(":" + EngineSupport.RUN_ID + "-"))
            .toList();

    assertThat(left).as("dmsb-it/* images left behind by the integration tests").isEmpty();
  }

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
