package dev.dmsb.engine.docker;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.dmsb.engine.BuildEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the payload of a {@code moby.buildkit.trace} message: a protobuf {@code
 * moby.buildkit.v1.StatusResponse} with {@code repeated Vertex vertexes = 1}, {@code repeated
 * VertexStatus statuses = 2}, {@code repeated VertexLog logs = 3} and (BuildKit 0.10+) {@code
 * repeated VertexWarning warnings = 4}. Read with the wire reader rather than generated code: only
 * these few fields are needed, and unknown fields (newer engines) are skipped.
 */
final class BuildkitTrace {
  private BuildkitTrace() {}

  /** The events in one status response, in the order vertexes, statuses, logs, warnings. */
  static List<BuildEvent> decode(byte[] statusResponse) throws IOException {
    List<BuildEvent> vertexes = new ArrayList<>();
    List<BuildEvent> statuses = new ArrayList<>();
    List<BuildEvent> logs = new ArrayList<>();
    List<BuildEvent> warnings = new ArrayList<>();
    CodedInputStream in = CodedInputStream.newInstance(statusResponse);
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> vertexes.add(vertex(in.readBytes().newCodedInput()));
        case 2 -> statuses.add(status(in.readBytes().newCodedInput()));
        case 3 -> logs.add(log(in.readBytes().newCodedInput()));
        case 4 -> warnings.add(warning(in.readBytes().newCodedInput()));
        default -> in.skipField(tag);
      }
    }
    List<BuildEvent> all = new ArrayList<>(vertexes);
    all.addAll(statuses);
    all.addAll(logs);
    all.addAll(warnings);
    return all;
  }

  // Vertex { digest = 1; inputs = 2; name = 3; cached = 4; started = 5; completed = 6; error = 7 }
  private static BuildEvent.Vertex vertex(CodedInputStream in) throws IOException {
    String digest = "";
    String name = "";
    boolean cached = false;
    Instant started = null;
    Instant completed = null;
    String error = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> digest = in.readString();
        case 3 -> name = in.readString();
        case 4 -> cached = in.readBool();
        case 5 -> started = timestamp(in);
        case 6 -> completed = timestamp(in);
        case 7 -> error = emptyToNull(in.readString());
        default -> in.skipField(tag);
      }
    }
    return new BuildEvent.Vertex(digest, name, cached, started, completed, error);
  }

  // VertexStatus { ID = 1; vertex = 2; name = 3; current = 4; total = 5; timestamp = 6; ... }
  private static BuildEvent.VertexStatus status(CodedInputStream in) throws IOException {
    String id = "";
    String vertex = "";
    long current = 0;
    long total = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> id = in.readString();
        case 2 -> vertex = in.readString();
        case 4 -> current = in.readInt64();
        case 5 -> total = in.readInt64();
        default -> in.skipField(tag);
      }
    }
    return new BuildEvent.VertexStatus(vertex, id, current, total);
  }

  // VertexLog { vertex = 1; timestamp = 2; stream = 3; msg = 4 }
  private static BuildEvent.VertexLog log(CodedInputStream in) throws IOException {
    String vertex = "";
    int stream = 0;
    byte[] msg = new byte[0];
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> vertex = in.readString();
        case 3 -> stream = (int) in.readInt64();
        case 4 -> msg = in.readByteArray();
        default -> in.skipField(tag);
      }
    }
    return new BuildEvent.VertexLog(vertex, stream, msg);
  }

  // VertexWarning { vertex = 1; level = 2; short = 3; detail = 4 (repeated); url = 5; ... }
  private static BuildEvent.VertexWarning warning(CodedInputStream in) throws IOException {
    String vertex = "";
    long level = 0;
    String shortText = "";
    StringBuilder detail = new StringBuilder();
    String url = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> vertex = in.readString();
        case 2 -> level = in.readInt64();
        case 3 -> shortText = in.readBytes().toString(StandardCharsets.UTF_8);
        case 4 -> detail.append('\n').append(in.readBytes().toString(StandardCharsets.UTF_8));
        case 5 -> url = emptyToNull(in.readString());
        default -> in.skipField(tag);
      }
    }
    return new BuildEvent.VertexWarning(vertex, level, shortText + detail, url);
  }

  // google.protobuf.Timestamp { int64 seconds = 1; int32 nanos = 2 }
  private static Instant timestamp(CodedInputStream outer) throws IOException {
    CodedInputStream in = outer.readBytes().newCodedInput();
    long seconds = 0;
    int nanos = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> seconds = in.readInt64();
        case 2 -> nanos = in.readInt32();
        default -> in.skipField(tag);
      }
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
