package dev.dmsb.cli.progress;

import dev.dmsb.build.BuildProgress;
import dev.dmsb.engine.BuildEvent;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One line per event, like BuildKit's plain output: {@code #5 [builder 2/3] RUN make}, its output
 * as {@code #5 0.215 text}, then {@code #5 DONE 0.3s}, {@code #5 CACHED} or {@code #5 ERROR: ...}.
 * The legacy builder's text is passed through.
 */
final class PlainProgress implements ProgressRenderer {
  private final PrintWriter out;
  private final Map<String, Integer> numbers = new HashMap<>();
  private final Map<String, Long> firstSeen = new HashMap<>();
  private final Set<String> ended = new HashSet<>();
  private final Map<String, String> lastStatus = new HashMap<>();

  PlainProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void accept(BuildProgress p) {
    if (p instanceof BuildProgress.Started s) {
      out.println(
          "building with "
              + s.builder().name().toLowerCase(Locale.ROOT)
              + " from "
              + s.dockerfile());
    } else if (p instanceof BuildProgress.Pulling pull) {
      out.println("pulling " + pull.image());
    } else if (p instanceof BuildProgress.ContextSent c) {
      out.println(Sizes.contextLine(c.stats(), c.pruned()));
    } else if (p instanceof BuildProgress.Engine e) {
      engine(e.event());
    }
    out.flush();
  }

  private void engine(BuildEvent event) {
    if (event instanceof BuildEvent.Vertex v) {
      Integer n = numbers.get(v.digest());
      if (n == null) {
        if (v.started() == null && !v.cached()) {
          return; // not started yet: BuildKit prints it once it starts
        }
        n = numbers.size() + 1;
        numbers.put(v.digest(), n);
        firstSeen.put(v.digest(), System.nanoTime());
        out.println();
        out.println("#" + n + " " + v.name());
      }
      if (ended.contains(v.digest())) {
        return;
      }
      if (v.cached()) {
        out.println("#" + n + " CACHED");
        ended.add(v.digest());
      } else if (v.error() != null && !v.error().isBlank()) {
        out.println("#" + n + " ERROR: " + v.error());
        ended.add(v.digest());
      } else if (v.completed() != null) {
        out.println("#" + n + " DONE " + seconds(v.started(), v.completed()));
        ended.add(v.digest());
      }
    } else if (event instanceof BuildEvent.VertexLog log) {
      String prefix = "#" + number(log.vertexDigest()) + " " + elapsed(log.vertexDigest()) + " ";
      String text = new String(log.data(), StandardCharsets.UTF_8);
      for (String line : text.split("\r?\n")) {
        if (!line.isEmpty()) {
          out.println(prefix + line);
        }
      }
    } else if (event instanceof BuildEvent.VertexStatus s) {
      if (s.total() > 0 && s.current() >= s.total()) {
        String key = s.vertexDigest() + "\0" + s.id();
        if (lastStatus.put(key, "done") == null) {
          out.println("#" + number(s.vertexDigest()) + " " + s.id() + " done");
        }
      }
    } else if (event instanceof BuildEvent.VertexWarning w) {
      out.println("#" + number(w.vertexDigest()) + " WARNING: " + w.message());
    } else if (event instanceof BuildEvent.Text t) {
      out.print(t.text());
    } else if (event instanceof BuildEvent.Status s) {
      String line = (s.id() == null || s.id().isEmpty() ? "" : s.id() + ": ") + s.status();
      if (!line.equals(lastStatus.put("status\0" + s.id(), line))) {
        out.println(line);
      }
    }
  }

  private int number(String digest) {
    return numbers.computeIfAbsent(
        digest,
        d -> {
          firstSeen.put(d, System.nanoTime());
          return numbers.size() + 1;
        });
  }

  private String elapsed(String digest) {
    long start = firstSeen.getOrDefault(digest, System.nanoTime());
    return String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e9);
  }

  static String seconds(Instant start, Instant end) {
    if (start == null || end == null) {
      return "0.0s";
    }
    return String.format(Locale.ROOT, "%.1fs", Duration.between(start, end).toMillis() / 1000.0);
  }

  @Override
  public void finish() {
    out.flush();
  }
}
