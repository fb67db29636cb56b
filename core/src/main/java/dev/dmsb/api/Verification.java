package dev.dmsb.api;

import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.image.ImageSource;
import dev.dmsb.transport.ImageSources;
import dev.dmsb.verify.ExpectedChain;
import dev.dmsb.verify.ExpectedChains;
import dev.dmsb.verify.ImageVerifier;
import dev.dmsb.verify.VerifyException;
import dev.dmsb.verify.VerifyReport;
import dev.dmsb.verify.VerifyRequest;
import java.util.List;
import java.util.Optional;

/** One verification: the request built from API expectations, the report converted back. */
final class Verification {
  private Verification() {}

  static VerifyResult run(
      Engine engine,
      String image,
      Optional<ExpectedChain> chain,
      VerifyExpectations expectations,
      boolean readFiles,
      java.util.List<String> stageImages,
      String dockerfile,
      Cancellation cancellation)
      throws DmsbException {
    try {
      return run(
          ImageSources.daemon(engine),
          image,
          chain,
          expectations,
          readFiles,
          stageImages,
          dockerfile,
          cancellation);
    } catch (EngineException e) {
      throw Errors.engine(e, engine.address());
    }
  }

  /**
   * A verification of an image that needs no engine ({@code docker://}, {@code oci:}, {@code
   * oci-archive:}, {@code docker-archive:}), read from {@code source}.
   */
  static VerifyResult runWithoutEngine(
      ImageSource source,
      String image,
      Optional<ExpectedChain> chain,
      VerifyExpectations expectations,
      boolean readFiles,
      String dockerfile,
      Cancellation cancellation)
      throws DmsbException {
    try {
      return run(
          source, image, chain, expectations, readFiles, List.of(), dockerfile, cancellation);
    } catch (EngineUnreachableException e) {
      throw new EngineUnavailableException(
          "cannot verify " + image + ": " + e.getMessage() + "; check that the registry runs", e);
    } catch (ImageNotFoundException e) {
      throw new ImageMissingException(
          e.image(), "cannot verify " + image + ": " + e.getMessage(), e);
    } catch (EngineException e) {
      throw new DmsbException("cannot verify " + image + ": " + e.getMessage(), e);
    }
  }

  private static VerifyResult run(
      ImageSource source,
      String image,
      Optional<ExpectedChain> chain,
      VerifyExpectations expectations,
      boolean readFiles,
      java.util.List<String> stageImages,
      String dockerfile,
      Cancellation cancellation)
      throws DmsbException, EngineException {
    VerifyRequest request =
        VerifyRequest.of(image)
            .withStrict(expectations.failOnShippedBuilder())
            .withForbidden(expectations.forbidden())
            .withFileScan(readFiles && chain.isPresent())
            .withStageImages(stageImages);
    if (chain.isPresent()) {
      request = request.withExpected(chain.get());
    }
    if (expectations.layers().isPresent()) {
      request = request.withExpectedLayers(expectations.layers().getAsInt());
    }
    if (expectations.maxSizeBytes().isPresent()) {
      request = request.withMaxSize(expectations.maxSizeBytes().getAsLong());
    }
    try {
      ImageVerifier.Verified verified =
          ImageVerifier.verifyAndList(source, request, readFiles, cancellation);
      VerifyReport report = verified.report();
      Optional<List<ImageFile>> files =
          verified.files().map(list -> list.stream().map(ApiModel::file).toList());
      return ApiModel.result(report, chain.map(ExpectedChain::finalStage), files, dockerfile);
    } catch (VerifyException e) {
      throw Errors.verify(e, image);
    }
  }

  /** What the Dockerfile says the target's image consists of, for the verifier. */
  static ExpectedChain chainOf(StageGraph graph) throws DockerfileProblemException {
    try {
      return ExpectedChains.of(graph);
    } catch (VerifyException e) {
      throw new DockerfileProblemException(e.getMessage(), List.of());
    }
  }
}
