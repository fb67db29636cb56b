package dev.dmsb.buildkit;

import dev.dmsb.buildkit.proto.control.StatusResponse;
import dev.dmsb.buildkit.proto.control.Vertex;
import dev.dmsb.buildkit.proto.control.VertexLog;
import dev.dmsb.buildkit.proto.control.VertexStatus;
import dev.dmsb.buildkit.proto.control.VertexWarning;
import dev.dmsb.buildkit.proto.wire.Timestamp;
import dev.dmsb.engine.BuildEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code StatusResponse} of the Control API in dmsb's terms: the same message a Docker engine's
 * {@code /build} wraps in {@code moby.buildkit.trace}, so the events (and so the progress lines,
 * {@code CACHED} steps and the failing step) are the same on every BuildKit path.
 */
final class StatusEvents {
  private StatusEvents() {}

  /** The events of {@code response}, in the order vertexes, statuses, logs, warnings. */
  static List<BuildEvent> of(StatusResponse response) {
    List<BuildEvent> all = new ArrayList<>();
    for (Vertex v : response.getVertexesList()) {
      all.add(
          new BuildEvent.Vertex(
              v.getDigest(),
              v.getName(),
              v.getCached(),
              v.hasStarted() ? instant(v.getStarted()) : null,
              v.hasCompleted() ? instant(v.getCompleted()) : null,
              v.getError().isEmpty() ? null : v.getError()));
    }
    for (VertexStatus s : response.getStatusesList()) {
      all.add(new BuildEvent.VertexStatus(s.getVertex(), s.getID(), s.getCurrent(), s.getTotal()));
    }
    for (VertexLog l : response.getLogsList()) {
      all.add(
          new BuildEvent.VertexLog(l.getVertex(), (int) l.getStream(), l.getMsg().toByteArray()));
    }
    for (VertexWarning w : response.getWarningsList()) {
      StringBuilder text = new StringBuilder(w.getShort().toString(StandardCharsets.UTF_8));
      w.getDetailList().forEach(d -> text.append('\n').append(d.toString(StandardCharsets.UTF_8)));
      all.add(
          new BuildEvent.VertexWarning(
              w.getVertex(),
              w.getLevel(),
              text.toString(),
              w.getUrl().isEmpty() ? null : w.getUrl()));
    }
    return all;
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
