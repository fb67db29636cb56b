package dev.dmsb.cli;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.image.ImageReference;
import dev.dmsb.image.ImageSource;
import dev.dmsb.transport.ImageSources;
import dev.dmsb.verify.ImageVerifier;
import dev.dmsb.verify.VerifyException;
import dev.dmsb.verify.VerifyReport;
import dev.dmsb.verify.VerifyRequest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
      "IMAGE is read where skopeo's transport names it: docker://REF (a registry), oci:DIR[:REF],"
          + " oci-archive:FILE[:REF], docker-archive:FILE[:REF] (no engine needed for these), or"
          + " docker-daemon:REF and a bare REF (the Docker engine).",
      "The table lists history entries oldest first (docker history shows newest first)."
    },
    footer = ExitCode.HELP,
    resourceBundle = "dev.dmsb.cli.VerifyCommand")
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin EngineOptions engineOptions;

  @Mixin DockerfileOptions dockerfile;

  @Parameters(
      index = "0",
      paramLabel = "IMAGE",
      description =
          "Image to verify: REF or docker-daemon:REF (the engine), docker://REF, oci:DIR[:REF],"
              + " oci-archive:FILE[:REF], docker-archive:FILE[:REF].")
  String image;

  @Option(
      names = "--tls-verify",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      paramLabel = "BOOL",
      hideParamSyntax = true,
      description =
          "Check registry certificates for docker:// (default: ${DEFAULT-VALUE}); registries on"
              + " localhost and 127.0.0.1 are also reached over plain HTTP, as docker does.")
  boolean tlsVerify = true;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "Reading without an engine:%n")
  ImageReadOptions reading = new ImageReadOptions();

  @Mixin VerifyChecks checks;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  VerifyFormat format;

  /** Opens the engine; tests replace it with a fake. */
  Supplier<Engine> engines;

  /** A warm-up of the default engine that {@link Main} started before parsing, or null. */
  EngineWarmUp early;

  /** What Ctrl-C cancels; tests cancel it themselves. */
  final Cancellation cancellation = Cancellation.create();

  /** Whether {@code args} name an image that is read without an engine ({@code docker://}, ...). */
  static boolean readsNoEngine(String... args) {
    for (String arg : args) {
      for (String transport :
          new String[] {"docker://", "oci:", "oci-archive:", "docker-archive:"}) {
        if (arg.startsWith(transport)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public Integer call() throws EngineUnreachableException {
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
    if (ImageSources.needsEngine(reference) && reading != null && reading.given()) {
      throw new UserError(
          ExitCode.USAGE,
          "--platform, --cert-dir, --creds, --authfile and --registry-token are for docker://,"
              + " oci:, oci-archive: and docker-archive: images; "
              + image
              + " is read from the engine");
    }
    if (!ImageSources.needsEngine(reference)) {
      if (early != null) {
        early.close();
      }
      return verifyWithoutEngine(reference);
    }
    image = reference.image();
    // The engine is opened and pinged while the Dockerfile is read and checked.
    try (EngineWarmUp warmUp =
        engines == null ? EngineWarmUp.reuseOrStart(early, engineOptions) : null) {
      return verify(warmUp);
    }
  }

  private Integer verify(EngineWarmUp warmUp) throws EngineUnreachableException {
    VerifyRequest request = request();
    VerifyReport report;
    try (CancelOnInterrupt interrupt = CancelOnInterrupt.cancelling(cancellation, "verify");
        Engine engine = openEngine(warmUp)) {
      report = verifyOn(engine, request, image, cancellation);
    } catch (OperationCancelledException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("dmsb: verify cancelled");
      err.flush();
      return ExitCode.INTERRUPTED;
    }
    PrintWriter out = spec.commandLine().getOut();
    format.render(report, dockerfileName(), out);
    out.flush();
    return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  private Integer verifyWithoutEngine(ImageReference reference) throws EngineUnreachableException {
    VerifyRequest request = request();
    ImageSource source =
        ImageSources.withoutEngine(
            reference,
            System.getenv(),
            java.nio.file.Path.of(System.getProperty("user.home")),
            (reading == null ? new ImageReadOptions() : reading).toSourceOptions(tlsVerify));
    VerifyReport report;
    try (CancelOnInterrupt interrupt = CancelOnInterrupt.cancelling(cancellation, "verify")) {
      report = verifyFrom(source, request, image, cancellation);
    } catch (OperationCancelledException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("dmsb: verify cancelled");
      err.flush();
      return ExitCode.INTERRUPTED;
    }
    PrintWriter out = spec.commandLine().getOut();
    format.render(report, dockerfileName(), out);
    out.flush();
    return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }

  /**
   * Runs the check on an open engine (also for {@code dmsb build --verify}): an image that is not
   * there, or that the engine or the check refuse, is a failed check (exit 1).
   */
  static VerifyReport verifyOn(
      Engine engine, VerifyRequest request, String image, Cancellation cancellation)
      throws EngineUnreachableException, OperationCancelledException {
    try {
      return ImageVerifier.verify(engine, request, cancellation);
    } catch (EngineUnreachableException | OperationCancelledException e) {
      throw e;
    } catch (ImageNotFoundException e) {
      throw new UserError(
          ExitCode.CHECK_FAILED,
          "image " + e.image() + " is not in the engine; build or pull it first");
    } catch (EngineException | VerifyException e) {
      throw new UserError(ExitCode.CHECK_FAILED, "cannot verify " + image + ": " + e.getMessage());
    }
  }

  /**
   * Runs the check on an image read without an engine (also for {@code dmsb build --verify} of a
   * pushed image or an archive): an image that is not there, or that the source or the check
   * refuse, is a failed check (exit 1).
   */
  static VerifyReport verifyFrom(
      ImageSource source, VerifyRequest request, String image, Cancellation cancellation)
      throws EngineUnreachableException, OperationCancelledException {
    try {
      return ImageVerifier.verify(source, request, cancellation);
    } catch (EngineUnreachableException | OperationCancelledException e) {
      throw e;
    } catch (EngineException | VerifyException e) {
      throw new UserError(ExitCode.CHECK_FAILED, "cannot verify " + image + ": " + e.getMessage());
    }
  }

  /** The {@code -f} file as diagnostics name it (the path as given), else "Dockerfile". */
  private String dockerfileName() {
    return dockerfile == null || dockerfile.file() == null
        ? "Dockerfile"
        : dockerfile.file().toString().replace('\\', '/');
  }

  private VerifyRequest request() {
    VerifyRequest request = VerifyRequest.of(image);
    if (dockerfile != null) {
      request = dockerfile.expectedChain().map(request::withExpected).orElse(request);
    }
    return checks.applyTo(request);
  }

  private Engine openEngine(EngineWarmUp warmUp) {
    if (warmUp == null) {
      return engines.get();
    }
    EngineOptions.Opened opened = warmUp.take();
    PrintWriter err = spec.commandLine().getErr();
    opened.warnings().forEach(w -> err.println("dmsb: warning: " + w));
    err.flush();
    return opened.engine();
  }
}
