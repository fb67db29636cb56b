package dev.dmsb.api;

import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.verify.ExpectedChain;
import dev.dmsb.verify.ImageContents;
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
      VerifyReport report = ImageVerifier.verify(engine, request, cancellation);
      Optional<List<ImageFile>> files = Optional.empty();
      if (readFiles) {
        files =
            Optional.of(
                ImageContents.read(engine, report.imageId(), cancellation).stream()
                    .map(ApiModel::file)
                    .toList());
      }
      return ApiModel.result(report, chain.map(ExpectedChain::finalStage), files, dockerfile);
    } catch (EngineException e) {
      throw Errors.engine(e, engine.address());
    } catch (VerifyException e) {
      throw Errors.verify(e, image);
    }
  }
}
