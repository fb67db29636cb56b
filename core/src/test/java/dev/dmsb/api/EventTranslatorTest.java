package dev.dmsb.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.build.BuildProgress;
import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuilderKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTranslatorTest {

  private static BuildProgress text(String t) {
    return new BuildProgress.Engine(new BuildEvent.Text(t));
  }

  @Test
  void legacyStepsBecomeStepEvents() {
    List<DmsbEvent> events = new ArrayList<>();
    EventTranslator t = new EventTranslator(events::add);
    t.accept(new BuildProgress.Started(BuilderKind.LEGACY, "Dockerfile", true));
    // the legacy builder's stream, as docker 20.10 sends it (one JSON "stream" per piece)
    t.accept(text("Step 1/7 : FROM dmsb/busybox:latest AS stage0\n"));
    t.accept(text(" ---> fb7fd3984759\n"));
    t.accept(text("Step 2/7 : COPY app-1.0.tar.gz /tmp/\n"));
    t.accept(text(" ---> 1c2d3e4f5a6b\n"));
    t.accept(text("Step 3/7 : RUN tar -xzf /tmp/app-1.0.tar.gz -C /tmp\n"));
    t.accept(text(" ---> Running in 0123456789ab\n"));
    t.accept(text("Removing intermediate container 0123456789ab\n ---> c85d1fb96934\n"));
    t.accept(text("Step 4/7 : FROM dmsb/busybox:latest\n"));
    t.accept(text(" ---> fb7fd3984759\n"));
    t.accept(text("Step 5/7 : COPY --from=stage0 /tmp/app-1.0 /opt/app\n"));
    t.accept(text(" ---> 4a9b2b1416d7\n"));
    t.accept(text("Successfully built 4a9b2b1416d7\n"));

    assertThat(events.get(0))
        .isEqualTo(new DmsbEvent.BuildStarted(BuildBackend.LEGACY, "Dockerfile"));
    assertThat(events)
        .filteredOn(e -> e instanceof DmsbEvent.Step)
        .extracting(DmsbEvent::message)
        .contains(
            "Step 1/7 : FROM dmsb/busybox:latest AS stage0", "Step 4/7 : FROM dmsb/busybox:latest");
  }

  @Test
  void buildahStepsBecomeStepEvents() {
    List<DmsbEvent> events = new ArrayList<>();
    EventTranslator t = new EventTranslator(events::add);
    t.accept(new BuildProgress.Started(BuilderKind.BUILDAH, "Dockerfile", true));
    // Podman 4.3.1's stream of a two-stage build
    t.accept(text("[1/2] STEP 1/3: FROM dmsb/busybox:latest AS stage0\n"));
    t.accept(text("[1/2] STEP 2/3: COPY app-1.0.tar.gz /tmp/\n"));
    t.accept(text("--> ff3aa3429bf\n"));
    t.accept(text("[2/2] STEP 1/3: FROM dmsb/busybox:latest\n"));
    t.accept(text("[2/2] COMMIT docker.io/dmsb-it/x:1\n"));
    t.accept(text("STEP 1/2: FROM dmsb/busybox:latest\n"));

    assertThat(events)
        .filteredOn(e -> e instanceof DmsbEvent.Step)
        .extracting(DmsbEvent::message)
        .containsExactly(
            "[1/2] STEP 1/3: FROM dmsb/busybox:latest AS stage0",
            "[1/2] STEP 2/3: COPY app-1.0.tar.gz /tmp/",
            "[2/2] STEP 1/3: FROM dmsb/busybox:latest",
            "STEP 1/2: FROM dmsb/busybox:latest");
  }

  @Test
  void eachLegacyLineIsOneEventAndBlankLinesNone() {
    List<DmsbEvent> events = new ArrayList<>();
    EventTranslator t = new EventTranslator(events::add);
    t.accept(text("Step 1/2 : FROM dmsb/busybox:latest\n"));
    t.accept(text(" ---> fb7fd3984759\n"));
    t.accept(text("Step 2/2 : RUN echo hi\n"));
    t.accept(text("\n"));
    t.accept(text(" ---> Running in 0123456789ab\n"));
    t.accept(text("hi\n"));
    t.accept(text("Removing intermediate container 0123456789ab\n ---> c85d1fb96934\n"));
    t.accept(text("Successfully built c85d1fb96934\n"));
    t.accept(text("Successfully tagged app:test\n"));
    t.accept(
        new BuildProgress.ContextSent(new dev.dmsb.build.ContextStats(3, 10, 3072, -1), false));
    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName() + " " + e.message())
        .containsExactly(
            "Step Step 1/2 : FROM dmsb/busybox:latest",
            "Output  ---> fb7fd3984759",
            "Step Step 2/2 : RUN echo hi",
            "Output  ---> Running in 0123456789ab",
            "Output hi",
            "Output Removing intermediate container 0123456789ab",
            "Output  ---> c85d1fb96934",
            "Output Successfully built c85d1fb96934",
            "Output Successfully tagged app:test",
            "ContextSent sent 3 context entries (10 bytes of files)");
  }

  @Test
  void aBuildkitStepIsReportedOnceWhenItStarts() {
    List<DmsbEvent> events = new ArrayList<>();
    EventTranslator t = new EventTranslator(events::add);
    Instant now = Instant.now();
    t.accept(
        new BuildProgress.Engine(
            new BuildEvent.Vertex("d1", "[stage0 2/3] RUN x", false, null, null, null)));
    t.accept(
        new BuildProgress.Engine(
            new BuildEvent.Vertex("d1", "[stage0 2/3] RUN x", false, now, null, null)));
    t.accept(
        new BuildProgress.Engine(
            new BuildEvent.Vertex("d1", "[stage0 2/3] RUN x", false, now, now, null)));
    t.accept(new BuildProgress.Engine(new BuildEvent.VertexWarning("d1", 1, "deprecated", null)));
    assertThat(events)
        .containsExactly(
            new DmsbEvent.Step("[stage0 2/3] RUN x", false), new DmsbEvent.Warning("deprecated"));
  }
}
