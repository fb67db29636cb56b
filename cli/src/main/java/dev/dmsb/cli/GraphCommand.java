package dev.dmsb.cli;

import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.dockerfile.instruction.Dockerfile;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dmsb graph}: the stages, images and references of a Dockerfile as DOT or Mermaid. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description =
        "Print the stage graph: stages, external images, edges labelled FROM / COPY --from /"
            + " mount; the target and the stages it does not build are marked.",
    footer = ExitCode.HELP)
final class GraphCommand implements Callable<Integer> {
  enum Format {
    dot,
    mermaid
  }

  @Spec CommandSpec spec;

  @Mixin DockerfilePath dockerfile;

  @Option(
      names = "--format",
      paramLabel = "dot|mermaid",
      description = "Output format (default: ${DEFAULT-VALUE}).",
      defaultValue = "dot")
  Format format;

  @Override
  public Integer call() {
    String text = dockerfile.readDockerfile();
    StageGraph graph = StageGraph.of(Dockerfile.parse(text), dockerfile.options().graphOptions());
    PrintWriter out = spec.commandLine().getOut();
    GraphModel model = GraphModel.of(graph);
    out.print(format == Format.mermaid ? model.mermaid() : model.dot());
    out.flush();
    if (graph.target().isEmpty()
        && dockerfile.options().target() != null
        && !graph.stages().isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "dmsb: target stage \"" + dockerfile.options().target() + "\" could not be found");
      spec.commandLine().getErr().flush();
      return ExitCode.CHECK_FAILED;
    }
    return ExitCode.OK;
  }
}
