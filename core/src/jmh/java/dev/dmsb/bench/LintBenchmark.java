package dev.dmsb.bench;

import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parse + graph + checks on generated Dockerfiles where every stage builds on the previous one,
 * copies from the one before it and bind-mounts the previous one: three references per stage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LintBenchmark {
  @Param({"1000", "10000", "100000"})
  public int stages;

  private String text;

  @Setup
  public void generate() {
    text = generated(stages);
  }

  /** The generated Dockerfile (also used by the whole-process timing in the README of bench). */
  public static String generated(int stages) {
    StringBuilder sb = new StringBuilder("ARG BASE=dmsb/busybox:1.36\n");
    sb.append("FROM ${BASE} AS s0\nRUN echo 0 > /f0\n");
    for (int i = 1; i < stages; i++) {
      int prev = Math.max(0, i - 2);
      sb.append("FROM s").append(i - 1).append(" AS s").append(i).append('\n');
      sb.append("COPY --from=s").append(prev).append(" /f").append(prev).append(" /c").append(i);
      sb.append('\n');
      sb.append("RUN --mount=type=bind,from=s").append(i - 1).append(",target=/m echo ");
      sb.append(i).append(" > /f").append(i).append('\n');
    }
    return sb.toString();
  }

  @Benchmark
  public LintResult lint() {
    return Linter.lint("Dockerfile", text, LintOptions.defaults());
  }

  @Benchmark
  public StageGraph parseAndGraph() {
    return StageGraph.of(Dockerfile.parse(text), GraphOptions.defaults());
  }
}
