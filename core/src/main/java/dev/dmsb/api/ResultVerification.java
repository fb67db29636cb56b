package dev.dmsb.api;

import dev.dmsb.build.BuildResult;
import dev.dmsb.build.ResultImage;
import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.transport.ImageSources;
import dev.dmsb.verify.ExpectedChain;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link BuildPlan#expect} of a built image, read where the build put it ({@link ResultImage}):
 * refused before the build when its output leaves no image, run after it.
 */
final class ResultVerification {
  private ResultVerification() {}

  /** Fails when a build with {@code output} leaves no image to verify, saying what to add. */
  static void requireImage(BuildOutput output, boolean onDaemon) throws DmsbException {
    Optional<ResultImage.Missing> missing = ResultImage.missing(output, onDaemon);
    if (missing.isPresent()) {
      throw new DmsbException(noImageToVerify(missing.get()));
    }
  }

  /**
   * Verifies the image where the build put it: the engine's (built there or loaded), the pushed
   * manifest in the registry by its digest, or the archive written.
   */
  static VerifyResult verify(
      Engine port,
      BuildOutput output,
      BuildResult result,
      ExpectedChain chain,
      VerifyExpectations expectations,
      boolean readFiles,
      String name,
      Cancellation cancellation)
      throws DmsbException {
    ResultImage.Located where =
        ResultImage.of(output, result)
            .orElseThrow(
                () ->
                    new DmsbException(
                        "the build named no image to verify (its output: "
                            + (output == null ? "none" : "type=" + output.type())
                            + "); verify it with Dmsb.verify(\"docker://REF\")"));
    if (ImageSources.needsEngine(where.reference())) {
      return Verification.run(
          port,
          where.name(),
          Optional.of(chain),
          expectations,
          readFiles,
          result.stageImages(),
          name,
          cancellation);
    }
    return Verification.runWithoutEngine(
        ImageSources.withoutEngine(
            where.reference(), System.getenv(), Path.of(System.getProperty("user.home")), true),
        where.name(),
        Optional.of(chain),
        expectations,
        readFiles,
        name,
        cancellation);
  }

  /** Why {@link BuildPlan#expect} cannot be met by the plan's output, and what to add. */
  private static String noImageToVerify(ResultImage.Missing missing) {
    return switch (missing) {
      case NO_OUTPUT ->
          "a BuildKit daemon keeps no image to verify: push it (.push() with .tag(...)), load it"
              + " into the Docker engine (.load()) or write an archive"
              + " (.output(\"type=oci,dest=FILE\")), and expect(...) reads it there";
      case FILES ->
          "the output writes the final stage's files, not an image, so expect(...) has nothing to"
              + " verify; use .push(), .load() or .output(\"type=oci|docker,dest=FILE\") instead";
      case NOT_PUSHED ->
          "output(\"type=image,...\") without push=true leaves the image in the BuildKit daemon;"
              + " add push=true (or use .push()) so that expect(...) reads it from the registry";
    };
  }
}
