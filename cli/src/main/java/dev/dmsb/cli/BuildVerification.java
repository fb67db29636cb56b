package dev.dmsb.cli;

import dev.dmsb.build.BuildResult;
import dev.dmsb.build.ResultImage;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.transport.ImageSources;
import dev.dmsb.transport.SourceOptions;
import dev.dmsb.verify.ExpectedChains;
import dev.dmsb.verify.VerifyException;
import dev.dmsb.verify.VerifyReport;
import dev.dmsb.verify.VerifyRequest;

/**
 * {@code dmsb build --verify} (and the check options that imply it): the request made from the
 * Dockerfile just linted, the refusal of outputs that leave no image, and the check of the image
 * where the build put it ({@link ResultImage}).
 */
final class BuildVerification {
  private BuildVerification() {}

  /**
   * The verification {@code --verify} (or a check option) asks for, against the chain of the stage
   * graph just linted, or null. Made before the build so that a bad option stops it early.
   */
  static VerifyRequest request(boolean verify, VerifyChecks checks, LintResult lint) {
    if (!verify && !checks.anyGiven()) {
      return null;
    }
    VerifyRequest request = VerifyRequest.of("the built image");
    if (lint.graph().isPresent()) {
      try {
        request = request.withExpected(ExpectedChains.of(lint.graph().get()));
      } catch (VerifyException e) {
        throw new UserError(ExitCode.USAGE, "--verify: " + e.getMessage());
      }
    }
    return checks.applyTo(request);
  }

  /**
   * {@code --verify} of the image where the build put it: the engine's (built there or loaded), the
   * pushed manifest in the registry by its digest, or the archive written.
   */
  static VerifyReport run(
      Engine engine,
      VerifyRequest request,
      BuildOutput exported,
      BuildResult result,
      EngineOptions engineOptions,
      Cancellation cancellation)
      throws EngineUnreachableException, OperationCancelledException {
    ResultImage.Located where =
        ResultImage.of(exported, result)
            .orElseThrow(
                () ->
                    new UserError(
                        ExitCode.CHECK_FAILED,
                        "--verify: the build named no image to verify; verify it with dmsb verify"
                            + " docker://REF"));
    VerifyRequest forIt = forImage(request, where.name()).withStageImages(result.stageImages());
    if (ImageSources.needsEngine(where.reference())) {
      return VerifyCommand.verifyOn(engine, forIt, where.name(), cancellation);
    }
    return VerifyCommand.verifyFrom(
        ImageSources.withoutEngine(
            where.reference(),
            engineOptions.env,
            engineOptions.userHome,
            SourceOptions.defaults(true)),
        forIt,
        where.name(),
        cancellation);
  }

  /** Why {@code --verify} cannot be met by the build's output, and what to add. */
  static String noImageToVerify(ResultImage.Missing missing) {
    return switch (missing) {
      case NO_OUTPUT ->
          "--verify: a BuildKit daemon keeps no image; add --push -t REF (verified from the"
              + " registry), --load (from the Docker engine) or -o type=oci|docker,dest=FILE"
              + " (from the file)";
      case FILES ->
          "--verify: -o type=local|tar writes the final stage's files, not an image; use --push"
              + " -t REF, --load or -o type=oci|docker,dest=FILE";
      case NOT_PUSHED ->
          "--verify: -o type=image without push=true leaves the image in the BuildKit daemon;"
              + " add push=true (or use --push -t REF)";
    };
  }

  private static VerifyRequest forImage(VerifyRequest r, String image) {
    return new VerifyRequest(
        image,
        r.expected(),
        r.expectedLayers(),
        r.maxSizeBytes(),
        r.forbiddenGlobs(),
        r.strict(),
        r.scanFiles(),
        r.stageImages());
  }
}
