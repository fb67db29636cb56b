package dev.dmsb.it.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.dmsb.api.BuildBackend;
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
                backend = BuildBackend.LEGACY,
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

  /** Expectations from the annotation, as dmsb verify's options: 99 layers cannot hold. */
  static class Expecting {
    static BuiltImage seen;

    @DmsbImage(
        context = "../examples/seed",
        dockerfile = "index.Dockerfile",
        tags = "dmsb-junit/expecting:extra",
        expectLayers = 99,
        maxSize = "1kB",
        forbid = "/opt/app/**",
        strict = true)
    static BuiltImage image;

    @Test
    void sees() {
      seen = image;
    }
  }

  static class BrokenContext {
    @DmsbImage(context = "../examples/no-such-folder")
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
    assertThat(legacy.backend()).isEqualTo(BuildBackend.LEGACY);
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
    assertThat(failureOf(Broken.class))
        .contains(
            "@DmsbImage of Broken: dockerfile = \"no-such.Dockerfile\" names no file (",
            "examples/seed/no-such.Dockerfile); dockerfile is relative to the context ",
            "examples/seed");
  }

  @Test
  void theAnnotationsExpectationsAndTagsAreApplied() throws Exception {
    Expecting.seen = null;
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(Expecting.class))
        .execute()
        .testEvents()
        .assertStatistics(s -> s.succeeded(1));
    BuiltImage image = Expecting.seen;
    assertThat(image.tags()).contains("dmsb-junit/expecting:extra").hasSize(2);
    var result = image.verification().orElseThrow();
    assertThat(result.passed()).isFalse();
    assertThat(result.checks())
        .filteredOn(c -> !c.passed())
        .extracting(c -> c.name())
        .contains("layer-count", "max-size", "forbidden-files");
    try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
      assertThat(engine.hasImage("dmsb-junit/expecting:extra")).isFalse();
      assertThat(engine.hasImage(image.id())).isFalse();
    }
  }

  @Test
  void aContextThatIsNoFolderIsNamedByTheAnnotationsAttribute() {
    assertThat(failureOf(BrokenContext.class))
        .contains(
            "@DmsbImage of BrokenContext: context = \"../examples/no-such-folder\" names no folder (",
            "examples/no-such-folder); context is relative to the working folder ")
        .doesNotContain("no Dockerfile", ".dockerfile(");
  }

  private static String failureOf(Class<?> sample) {
    Events all =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(sample)).execute().allEvents();
    assertThat(all.failed().stream()).hasSize(1);
    return all.failed().stream()
        .findFirst()
        .flatMap(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class))
        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElseThrow();
  }
}
