package dev.dmsb.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.dmsb.api.Builder;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.it.TestEngine;
import dev.dmsb.junit.DmsbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs sample test classes through the JUnit platform and checks what {@link DmsbImage} did: one
 * build per class and annotation, the same image in static fields, instance fields and parameters,
 * and no image left once the class is done.
 */
@Tag(TestEngine.TAG)
class DmsbExtensionIT {

  /** Every image a sample saw, with where it was injected (test order is not fixed). */
  static final List<Map.Entry<String, BuiltImage>> SEEN = new ArrayList<>();

  static class Sample {
    @DmsbImage(context = "../examples/seed", dockerfile = "index.Dockerfile", noCache = true)
    static BuiltImage shared;

    @DmsbImage(context = "../examples/seed", dockerfile = "index.Dockerfile", noCache = true)
    BuiltImage perInstance;

    @Test
    void first(
        @DmsbImage(
                context = "../examples/seed",
                dockerfile = "stage-as-base.Dockerfile",
                builder = Builder.LEGACY,
                noCache = true)
            BuiltImage legacy) {
      SEEN.add(Map.entry("static", shared));
      SEEN.add(Map.entry("field", perInstance));
      SEEN.add(Map.entry("parameter", legacy));
    }

    @Test
    void second() {
      SEEN.add(Map.entry("static", shared));
      SEEN.add(Map.entry("field", perInstance));
    }
  }

  static class Broken {
    @DmsbImage(context = "../examples/seed", dockerfile = "no-such.Dockerfile")
    static BuiltImage image;

    @Test
    void never() {}
  }

  @Test
  void buildsOncePerClassInjectsAndRemoves() throws Exception {
    SEEN.clear();
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(Sample.class))
            .execute()
            .testEvents();
    tests.assertStatistics(s -> s.succeeded(2).failed(0));

    assertThat(SEEN).hasSize(5);
    List<BuiltImage> indexImages =
        SEEN.stream()
            .filter(e -> !e.getKey().equals("parameter"))
            .map(Map.Entry::getValue)
            .toList();
    BuiltImage index = indexImages.get(0);
    assertThat(indexImages).hasSize(4).allMatch(i -> i == index, "the same image, built once");
    BuiltImage legacy =
        SEEN.stream()
            .filter(e -> e.getKey().equals("parameter"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertThat(legacy).isNotSameAs(index);
    assertThat(index.tags()).singleElement().asString().startsWith("dmsb-junit/sample:");
    assertThat(index.verification()).isPresent();
    assertThat(legacy.builder()).isEqualTo(Builder.LEGACY);
    assertThat(legacy.stageImages()).isNotEmpty();

    try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
      for (BuiltImage image : List.of(index, legacy)) {
        assertThat(engine.hasImage(image.tags().get(0))).as("tag of %s", image.id()).isFalse();
        assertThat(engine.hasImage(image.id())).as("image %s", image.id()).isFalse();
        for (String stage : image.stageImages()) {
          assertThat(engine.hasImage(stage)).as("stage image %s", stage).isFalse();
        }
      }
    }
  }

  @Test
  void aBuildThatCannotStartFailsTheClassWithTheReason() {
    Events all =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(Broken.class))
            .execute()
            .allEvents();
    assertThat(all.failed().stream())
        .singleElement()
        .satisfies(
            e ->
                assertThat(
                        e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                            .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable))
                    .get()
                    .asString()
                    .contains("no Dockerfile at", "no-such.Dockerfile", ".dockerfile("));
  }
}
