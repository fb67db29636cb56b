package dev.dmsb.api;

import dev.dmsb.build.BuildProgress;
import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuilderKind;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns build progress into {@link DmsbEvent}s for the caller's handler, and notes the images of
 * non-final stages that the legacy builder leaves behind (it names each step's image in its output;
 * the last one before the next stage's {@code FROM} is that stage's image).
 */
final class EventTranslator implements Consumer<BuildProgress> {
  private static final Pattern LEGACY_STEP =
      Pattern.compile("^Step \\d+/\\d+ : (\\S+)", Pattern.CASE_INSENSITIVE);
  // Buildah's (Podman's) "STEP 2/3: COPY …", "[1/2] STEP 2/3: COPY …" in a multi-stage build
  private static final Pattern BUILDAH_STEP =
      Pattern.compile("^(?:\\[\\d+/\\d+\\] )?STEP \\d+/\\d+: ");

  private final Consumer<DmsbEvent> handler;
  private final Set<String> seenVertices = new HashSet<>();

  EventTranslator(Consumer<DmsbEvent> handler) {
    this.handler = handler;
  }

  @Override
  public void accept(BuildProgress progress) {
    if (progress instanceof BuildProgress.Started s) {
      handler.accept(
          new DmsbEvent.BuildStarted(
              s.builder() == BuilderKind.BUILDKIT ? BuildBackend.BUILDKIT : BuildBackend.LEGACY,
              s.dockerfile()));
    } else if (progress instanceof BuildProgress.Warning w) {
      handler.accept(new DmsbEvent.Warning(w.message()));
    } else if (progress instanceof BuildProgress.Pulling p) {
      handler.accept(new DmsbEvent.Pulling(p.image()));
    } else if (progress instanceof BuildProgress.ContextSent c) {
      handler.accept(new DmsbEvent.ContextSent(c.stats().entries(), c.stats().fileBytes()));
    } else if (progress instanceof BuildProgress.Engine e) {
      engine(e.event());
    }
  }

  private void engine(BuildEvent event) {
    if (event instanceof BuildEvent.Vertex v) {
      if (v.started() != null && seenVertices.add(v.digest())) {
        handler.accept(new DmsbEvent.Step(v.name(), v.cached()));
      }
      if (v.error() != null && !v.error().isEmpty()) {
        handler.accept(new DmsbEvent.Output(v.name() + ": " + v.error()));
      }
    } else if (event instanceof BuildEvent.VertexLog log) {
      String text = new String(log.data(), StandardCharsets.UTF_8);
      if (!text.isBlank()) {
        handler.accept(new DmsbEvent.Output(text));
      }
    } else if (event instanceof BuildEvent.VertexWarning w) {
      handler.accept(new DmsbEvent.Warning(w.message()));
    } else if (event instanceof BuildEvent.Text t) {
      legacyText(t.text());
    } else if (event instanceof BuildEvent.Status s) {
      handler.accept(
          new DmsbEvent.Output(s.id() == null ? s.status() : s.id() + ": " + s.status()));
    } else if (event instanceof BuildEvent.Error err) {
      handler.accept(new DmsbEvent.Output(err.message() == null ? "" : err.message()));
    }
  }

  /** One event per line of the legacy builder's text: a step once, as a Step; no blank lines. */
  private void legacyText(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Matcher step = LEGACY_STEP.matcher(line);
      handler.accept(
          step.find() || BUILDAH_STEP.matcher(line).find()
              ? new DmsbEvent.Step(line.strip(), false)
              : new DmsbEvent.Output(line.stripTrailing()));
    }
  }
}
