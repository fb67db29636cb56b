package dev.dmsb.cli;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.verify.ByteSize;
import dev.dmsb.verify.Glob;
import dev.dmsb.verify.ImageVerifier;
import dev.dmsb.verify.VerifyException;
import dev.dmsb.verify.VerifyReport;
import dev.dmsb.verify.VerifyRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dmsb verify}: proves that an image holds only its base and the final stage's chain. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Reads an image's history and layers back from the engine and checks them: the layer count,"
          + " the size, and, with a Dockerfile, that every history entry comes from the base image"
          + " or the final stage's chain (attributed to Dockerfile lines).",
      "The table lists history entries oldest first (docker history shows newest first)."
    },
    footer = ExitCode.HELP)
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin EngineOptions engineOptions;

  @Mixin VerifyDockerfileOptions dockerfile;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "Image reference or ID to verify.")
  String image;

  @Option(
      names = "--expect-layers",
      paramLabel = "N",
      description =
          "Number of filesystem layers the image must have, base included (RootFS.Layers, as"
              + " docker inspect counts them).")
  Integer expectLayers;

  @Option(
      names = "--max-size",
      paramLabel = "SIZE",
      description = "Largest acceptable image size: bytes, or 10MB, 512kB, 1.5GiB.")
  String maxSize;

  @Option(
      names = "--forbid",
      paramLabel = "GLOB",
      description =
          "Path that must not be in the image (repeatable): /root/.ssh, **/*.pem, *.key. Reads"
              + " the image's files.")
  List<String> forbid = new ArrayList<>();

  @Option(
      names = "--scan-files",
      description =
          "Read the image's files and report files that only non-final stages created"
              + " (implied by --forbid).")
  boolean scanFiles;

  @Option(names = "--strict", description = "A shipped builder stage is an error, not a warning.")
  boolean strict;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  VerifyFormat format;

  /** Opens the engine; tests replace it with a fake. */
  Supplier<Engine> engines;

  /** What Ctrl-C cancels; tests cancel it themselves. */
  final Cancellation cancellation = Cancellation.create();

  @Override
  public Integer call() throws EngineUnreachableException {
    VerifyRequest request = request();
    VerifyReport report;
    try (CancelOnInterrupt interrupt = CancelOnInterrupt.cancelling(cancellation, "verify");
        Engine engine = openEngine()) {
      report = ImageVerifier.verify(engine, request, cancellation);
    } catch (EngineUnreachableException e) {
      throw e;
    } catch (OperationCancelledException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("dmsb: verify cancelled");
      err.flush();
      return ExitCode.INTERRUPTED;
    } catch (ImageNotFoundException e) {
      throw new UserError(
          ExitCode.CHECK_FAILED,
          "image " + e.image() + " is not in the engine; build or pull it first");
    } catch (EngineException | VerifyException e) {
      throw new UserError(ExitCode.CHECK_FAILED, "cannot verify " + image + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    format.render(report, out);
    out.flush();
    return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  private VerifyRequest request() {
    VerifyRequest request = VerifyRequest.of(image).withStrict(strict).withFileScan(scanFiles);
    if (dockerfile != null) {
      request = dockerfile.expectedChain().map(request::withExpected).orElse(request);
    }
    if (expectLayers != null) {
      if (expectLayers < 0) {
        throw new ParameterException(
            spec.commandLine(), "--expect-layers must be 0 or more, not " + expectLayers);
      }
      request = request.withExpectedLayers(expectLayers);
    }
    if (maxSize != null) {
      try {
        request = request.withMaxSize(ByteSize.parse(maxSize));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--max-size: " + e.getMessage());
      }
    }
    for (String glob : forbid) {
      try {
        Glob.compile(glob);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--forbid: " + e.getMessage());
      }
    }
    return request.withForbidden(forbid);
  }

  private Engine openEngine() {
    if (engines != null) {
      return engines.get();
    }
    EngineOptions.Opened opened = engineOptions.open();
    PrintWriter err = spec.commandLine().getErr();
    opened.warnings().forEach(w -> err.println("dmsb: warning: " + w));
    err.flush();
    return opened.engine();
  }
}
