package dev.dmsb.cli.progress;

import dev.dmsb.build.BuildProgress;
import dev.dmsb.engine.BuildEvent;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A live view redrawn in place with ANSI escapes: a header with the elapsed time and steps done,
 * one line per step (state, name, time) and the last output lines of running steps. Redraws at most
 * ten times a second; legacy builder text and other messages scroll above the view.
 */
final class TtyProgress implements ProgressRenderer {
  private static final int LOG_LINES = 6;
  private static final int MAX_STEPS_SHOWN = 25;
  private static final long REDRAW_NANOS = 100_000_000L;

  private static final class Step {
    String name;
    boolean cached;
    boolean done;
    String error;
    long startedNanos;
    long endedNanos;
    String engineTime;
    final Deque<String> log = new ArrayDeque<>();
  }

  private final PrintWriter out;
  private final Map<String, Step> steps = new LinkedHashMap<>();
  private final long start = System.nanoTime();
  private final int width = terminalWidth();
  private int drawnLines;
  private long lastDraw;
  // Lines that came once every step was done ("Successfully tagged ..."): printed below the final
  // view, where they happened, unless more steps come first.
  private final List<String> afterSteps = new ArrayList<>();

  TtyProgress(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void accept(BuildProgress p) {
    if (p instanceof BuildProgress.Engine e) {
      engine(e.event());
    } else if (p instanceof BuildProgress.Pulling pull) {
      above("pulling " + pull.image());
    } else if (p instanceof BuildProgress.ContextSent c) {
      message(Sizes.contextLine(c.stats(), c.pruned()));
    }
    long now = System.nanoTime();
    if (now - lastDraw >= REDRAW_NANOS) {
      draw();
      lastDraw = now;
    }
  }

  private void engine(BuildEvent event) {
    if (event instanceof BuildEvent.Vertex v) {
      flushAfterSteps();
      Step s = steps.computeIfAbsent(v.digest(), d -> new Step());
      s.name = v.name();
      s.cached = v.cached();
      if (v.started() != null && s.startedNanos == 0) {
        s.startedNanos = System.nanoTime();
      }
      if (v.error() != null && !v.error().isBlank()) {
        s.error = v.error();
      }
      if ((v.completed() != null || v.cached()) && !s.done) {
        s.done = true;
        s.endedNanos = System.nanoTime();
        if (v.started() != null && v.completed() != null) {
          // The engine's own times: what the step took there, not when we heard of it.
          s.engineTime = PlainProgress.seconds(v.started(), v.completed());
        }
      }
    } else if (event instanceof BuildEvent.VertexLog log) {
      Step s = steps.computeIfAbsent(log.vertexDigest(), d -> new Step());
      for (String line : new String(log.data(), StandardCharsets.UTF_8).split("\r?\n")) {
        if (!line.isBlank()) {
          s.log.addLast(line);
          if (s.log.size() > LOG_LINES) {
            s.log.removeFirst();
          }
        }
      }
    } else if (event instanceof BuildEvent.Text t) {
      message(t.text().stripTrailing());
    } else if (event instanceof BuildEvent.Status s && s.status() != null) {
      if (s.total() == 0) {
        message((s.id() == null || s.id().isEmpty() ? "" : s.id() + ": ") + s.status());
      }
    }
  }

  /** A line above the view while steps run; once all are done, one for below the final view. */
  private void message(String text) {
    if (!steps.isEmpty() && steps.values().stream().allMatch(s -> s.done)) {
      afterSteps.add(text);
    } else {
      flushAfterSteps();
      above(text);
    }
  }

  private void flushAfterSteps() {
    if (!afterSteps.isEmpty()) {
      List<String> lines = List.copyOf(afterSteps);
      afterSteps.clear();
      lines.forEach(this::above);
    }
  }

  /** Prints a line above the live view. */
  private void above(String text) {
    clear();
    out.println(text);
    draw();
  }

  private void clear() {
    if (drawnLines > 0) {
      out.print("\u001b[" + drawnLines + "A\u001b[J");
      drawnLines = 0;
    }
  }

  private void draw() {
    clear();
    List<String> lines = new ArrayList<>();
    long done = steps.values().stream().filter(s -> s.done).count();
    lines.add(
        String.format(
            Locale.ROOT,
            "[+] Building %.1fs (%d/%d)",
            (System.nanoTime() - start) / 1e9,
            done,
            steps.size()));
    List<Step> shown = new ArrayList<>();
    for (Step s : steps.values()) {
      if (s.name != null) {
        shown.add(s);
      }
    }
    int skip = Math.max(0, shown.size() - MAX_STEPS_SHOWN);
    for (Step s : shown.subList(skip, shown.size())) {
      String state;
      if (s.error != null) {
        state = "\u001b[31mERROR\u001b[0m";
      } else if (s.cached) {
        state = "CACHED";
      } else if (s.done) {
        state = s.engineTime != null ? s.engineTime : seconds(s.endedNanos - s.startedNanos);
      } else if (s.startedNanos > 0) {
        state = seconds(System.nanoTime() - s.startedNanos);
      } else {
        state = "waiting";
      }
      lines.add(" => " + s.name + "  " + state);
      if ((!s.done || s.error != null) && s.startedNanos > 0) {
        for (String l : s.log) {
          lines.add("    \u001b[2m" + l + "\u001b[0m");
        }
      }
    }
    for (String l : lines) {
      out.println(fit(l));
    }
    drawnLines = lines.size();
    out.flush();
  }

  /** Cuts a line to the terminal width: a wrapped line would break the cursor arithmetic. */
  private String fit(String line) {
    int visible = 0;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\u001b') {
        int end = line.indexOf('m', i);
        if (end > 0) {
          b.append(line, i, end + 1);
          i = end;
          continue;
        }
      }
      if (visible >= width - 1) {
        b.append("\u001b[0m");
        break;
      }
      b.append(c == '\t' || c < 0x20 ? ' ' : c);
      visible++;
    }
    return b.toString();
  }

  private static int terminalWidth() {
    try {
      int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120"));
      return w > 20 ? w : 120;
    } catch (NumberFormatException e) {
      return 120;
    }
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1fs", Math.max(0, nanos) / 1e9);
  }

  @Override
  public synchronized void finish() {
    draw();
    drawnLines = 0; // leave the final view on screen
    afterSteps.forEach(out::println);
    afterSteps.clear();
    out.flush();
  }
}
