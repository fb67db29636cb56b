package dev.dmsb.cli.progress;

import dev.dmsb.build.BuildProgress;
import dev.dmsb.build.ContextStats;
import dev.dmsb.engine.BuildEvent;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/** One JSON object per line and event, for tools: {@code {"type":"vertex",...}}. */
final class JsonProgress implements ProgressRenderer {
  private final PrintWriter out;

  JsonProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void accept(BuildProgress p) {
    String line = null;
    if (p instanceof BuildProgress.Started s) {
      line =
          obj("started", "builder", str(s.builder().name().toLowerCase(Locale.ROOT)))
              + ",\"dockerfile\":"
              + str(s.dockerfile())
              + ",\"pruned\":"
              + s.pruned()
              + "}";
    } else if (p instanceof BuildProgress.Pulling pull) {
      line = obj("pulling", "image", str(pull.image())) + "}";
    } else if (p instanceof BuildProgress.ContextSent c) {
      ContextStats s = c.stats();
      line =
          obj("context", "entries", Long.toString(s.entries()))
              + ",\"fileBytes\":"
              + s.fileBytes()
              + ",\"archiveBytes\":"
              + s.archiveBytes()
              + ",\"contextBytes\":"
              + s.contextBytes()
              + ",\"pruned\":"
              + c.pruned()
              + "}";
    } else if (p instanceof BuildProgress.Engine e) {
      line = engine(e.event());
    }
    if (line != null) {
      out.println(line);
      out.flush();
    }
  }

  private static String engine(BuildEvent event) {
    if (event instanceof BuildEvent.Vertex v) {
      return obj("vertex", "digest", str(v.digest()))
          + ",\"name\":"
          + str(v.name())
          + ",\"cached\":"
          + v.cached()
          + ",\"started\":"
          + time(v.started())
          + ",\"completed\":"
          + time(v.completed())
          + ",\"error\":"
          + str(v.error())
          + "}";
    } else if (event instanceof BuildEvent.VertexLog l) {
      return obj("log", "vertex", str(l.vertexDigest()))
          + ",\"stream\":"
          + l.stream()
          + ",\"data\":"
          + str(new String(l.data(), StandardCharsets.UTF_8))
          + "}";
    } else if (event instanceof BuildEvent.VertexStatus s) {
      return obj("progress", "vertex", str(s.vertexDigest()))
          + ",\"id\":"
          + str(s.id())
          + ",\"current\":"
          + s.current()
          + ",\"total\":"
          + s.total()
          + "}";
    } else if (event instanceof BuildEvent.VertexWarning w) {
      return obj("warning", "vertex", str(w.vertexDigest()))
          + ",\"message\":"
          + str(w.message())
          + "}";
    } else if (event instanceof BuildEvent.Text t) {
      return obj("text", "text", str(t.text())) + "}";
    } else if (event instanceof BuildEvent.Status s) {
      return obj("status", "id", str(s.id()))
          + ",\"status\":"
          + str(s.status())
          + ",\"current\":"
          + s.current()
          + ",\"total\":"
          + s.total()
          + "}";
    } else if (event instanceof BuildEvent.ImageId i) {
      return obj("imageId", "id", str(i.id())) + "}";
    } else if (event instanceof BuildEvent.Error e) {
      return obj("error", "message", str(e.message())) + "}";
    }
    return null;
  }

  private static String obj(String type, String key, String value) {
    return "{\"type\":" + str(type) + ",\"" + key + "\":" + value;
  }

  private static String time(Instant t) {
    return t == null ? "null" : str(t.toString());
  }

  /** A JSON string literal, or {@code null}. */
  static String str(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  @Override
  public void finish() {
    out.flush();
  }
}
