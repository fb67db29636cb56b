package dev.dmsb.engine;

import java.time.Instant;

/** One thing the engine reported while building or pulling, in dmsb's own terms. */
public sealed interface BuildEvent {

  /** A BuildKit vertex (a step) changed state. Times are null until known. */
  record Vertex(
      String digest, String name, boolean cached, Instant started, Instant completed, String error)
      implements BuildEvent {}

  /** Output of a BuildKit vertex; stream 1 is stdout, 2 stderr. */
  record VertexLog(String vertexDigest, int stream, byte[] data) implements BuildEvent {}

  /** Progress of a BuildKit vertex (e.g. bytes transferred). */
  record VertexStatus(String vertexDigest, String id, long current, long total)
      implements BuildEvent {}

  /**
   * A warning BuildKit attached to a vertex (BuildKit 0.10 and later; engines of the 20.10 line
   * send none).
   */
  record VertexWarning(String vertexDigest, long level, String message, String url)
      implements BuildEvent {}

  /**
   * A warning from dmsb's own side of the build (a cache import it skipped), not the engine's: it
   * is shown as dmsb's warnings are, whatever the progress mode.
   */
  record Warning(String message) implements BuildEvent {}

  /** A line of the legacy builder's output ({@code stream}). */
  record Text(String text) implements BuildEvent {}

  /** A status message with optional progress (pulls, pushes). */
  record Status(String id, String status, long current, long total) implements BuildEvent {}

  /** The engine named an image ID (per stage for the legacy builder; the last one counts). */
  record ImageId(String id) implements BuildEvent {}

  /** The engine reported an error in the stream. */
  record Error(String message) implements BuildEvent {}
}
