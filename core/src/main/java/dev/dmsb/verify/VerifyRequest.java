package dev.dmsb.verify;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What to verify and against what. Build one with {@link #of(String)} and the {@code with...}
 * methods; every one returns a new request.
 *
 * @param image the image reference or ID
 * @param expected the chain the Dockerfile expects, when a Dockerfile was given
 * @param expectedLayers the number of filesystem layers the image must have, base included
 * @param maxSizeBytes the largest acceptable image size
 * @param forbiddenGlobs paths that must not be in the image ({@code /root/.ssh/**}, {@code *.pem});
 *     a glob without a leading {@code /} matches at any depth
 * @param strict whether a shipped builder stage is an error rather than a warning
 * @param scanFiles whether to read the image's files (implied by forbidden globs)
 * @param stageImages images of non-final stages still in the engine (stage → image ID), used only
 *     to total the bytes the multi-stage build kept out
 */
public record VerifyRequest(
    String image,
    Optional<ExpectedChain> expected,
    OptionalInt expectedLayers,
    OptionalLong maxSizeBytes,
    List<String> forbiddenGlobs,
    boolean strict,
    boolean scanFiles,
    Map<String, String> stageImages) {

  public VerifyRequest {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(expectedLayers, "expectedLayers");
    Objects.requireNonNull(maxSizeBytes, "maxSizeBytes");
    forbiddenGlobs = List.copyOf(forbiddenGlobs);
    stageImages = Map.copyOf(stageImages);
  }

  /** A request that only reads and reports the image's history. */
  public static VerifyRequest of(String image) {
    return new VerifyRequest(
        image,
        Optional.empty(),
        OptionalInt.empty(),
        OptionalLong.empty(),
        List.of(),
        false,
        false,
        Map.of());
  }

  public VerifyRequest withExpected(ExpectedChain chain) {
    return new VerifyRequest(
        image,
        Optional.of(chain),
        expectedLayers,
        maxSizeBytes,
        forbiddenGlobs,
        strict,
        scanFiles,
        stageImages);
  }

  public VerifyRequest withExpectedLayers(int layers) {
    return new VerifyRequest(
        image,
        expected,
        OptionalInt.of(layers),
        maxSizeBytes,
        forbiddenGlobs,
        strict,
        scanFiles,
        stageImages);
  }

  public VerifyRequest withMaxSize(long bytes) {
    return new VerifyRequest(
        image,
        expected,
        expectedLayers,
        OptionalLong.of(bytes),
        forbiddenGlobs,
        strict,
        scanFiles,
        stageImages);
  }

  public VerifyRequest withForbidden(List<String> globs) {
    return new VerifyRequest(
        image, expected, expectedLayers, maxSizeBytes, globs, strict, scanFiles, stageImages);
  }

  public VerifyRequest withStrict(boolean strict) {
    return new VerifyRequest(
        image,
        expected,
        expectedLayers,
        maxSizeBytes,
        forbiddenGlobs,
        strict,
        scanFiles,
        stageImages);
  }

  public VerifyRequest withFileScan(boolean scan) {
    return new VerifyRequest(
        image, expected, expectedLayers, maxSizeBytes, forbiddenGlobs, strict, scan, stageImages);
  }

  public VerifyRequest withStageImages(Map<String, String> images) {
    return new VerifyRequest(
        image, expected, expectedLayers, maxSizeBytes, forbiddenGlobs, strict, scanFiles, images);
  }

  /**
   * {@link #withStageImages(Map)} for the non-final stages' images in build order, as a build
   * reports them (the legacy builder keeps one per stage), named {@code stage image 1}, ...
   */
  public VerifyRequest withStageImages(java.util.List<String> imageIds) {
    Map<String, String> byOrder = new java.util.LinkedHashMap<>();
    for (int i = 0; i < imageIds.size(); i++) {
      byOrder.put("stage image " + (i + 1), imageIds.get(i));
    }
    return withStageImages(byOrder);
  }

  /** Whether the image's files are read (asked for, or needed by forbidden globs). */
  public boolean readsFiles() {
    return scanFiles || !forbiddenGlobs.isEmpty();
  }
}
