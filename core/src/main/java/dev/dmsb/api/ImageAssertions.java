package dev.dmsb.api;

import dev.dmsb.verify.ByteSize;
import dev.dmsb.verify.HistoryTableLayout;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Fluent assertions over a {@link VerifyResult}, for tests. They throw {@link AssertionError}
 * (which every test framework reports as a failure) whose message says what was expected, what was
 * found, and shows the image's attributed history table; they need no assertion library.
 *
 * <pre>{@code
 * ImageAssertions.assertThat(result)
 *     .keptOnlyFinalStage()
 *     .hasLayerCount(3)
 *     .doesNotContain("/tmp/app-1.0.tar.gz")
 *     .contains("/opt/app/bin/hello")
 *     .sizeAtMost("10MB");
 * }</pre>
 */
public final class ImageAssertions {
  private final VerifyResult result;

  private ImageAssertions(VerifyResult result) {
    this.result = Objects.requireNonNull(result, "result");
  }

  /** Assertions over a verification result. */
  public static ImageAssertions assertThat(VerifyResult result) {
    return new ImageAssertions(result);
  }

  /**
   * Assertions over the verification of a built image.
   *
   * @throws AssertionError when the image was built without {@code .verify(...)}
   */
  public static ImageAssertions assertThat(BuiltImage image) {
    return new ImageAssertions(
        image
            .verification()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "image "
                            + image.reference()
                            + " was not verified; build it with .expect(VerifyExpectations.none())"
                            + " or verify it with Dmsb.verify(id).dockerfile(...).verify()")));
  }

  /** Every check held and no finding is an error. */
  public ImageAssertions passed() {
    if (!result.passed()) {
      String failed =
          result.checks().stream()
                  .filter(c -> !c.passed())
                  .map(c -> "check " + c.name() + ": " + c.message())
                  .collect(Collectors.joining("\n  "))
              + result.findings().stream()
                  .filter(f -> f.severity() == Severity.ERROR)
                  .map(f -> "\n  [" + f.rule() + "] " + f.message())
                  .collect(Collectors.joining());
      fail("to pass verification, but:\n  " + failed.strip());
    }
    return this;
  }

  /**
   * The image holds its base image and the final stage's layers only: no layer of a builder stage
   * ships (a final stage built {@code FROM builder}) and nothing is foreign to the Dockerfile.
   */
  public ImageAssertions keptOnlyFinalStage() {
    if (!result.attributed()) {
      fail(
          "to keep only its final stage, but it was verified without a Dockerfile, so its layers"
              + " were not attributed; verify with .dockerfile(...)");
    }
    List<HistoryLayer> shipped = result.layers(LayerVerdict.SHIPPED);
    List<HistoryLayer> foreign = result.layers(LayerVerdict.FOREIGN);
    if (shipped.isEmpty() && foreign.isEmpty()) {
      return this;
    }
    StringBuilder why = new StringBuilder();
    String finalStage = result.finalStage().orElseThrow();
    shipped.stream()
        .map(HistoryLayer::stage)
        .distinct()
        .forEach(
            stage -> {
              List<HistoryLayer> of =
                  shipped.stream().filter(h -> h.stage().equals(stage)).toList();
              long bytes = of.stream().mapToLong(HistoryLayer::size).sum();
              why.append("\n  it ships stage '")
                  .append(stage)
                  .append("' (")
                  .append(of.size())
                  .append(" entries, ")
                  .append(ByteSize.format(bytes))
                  .append("), because the final stage '")
                  .append(finalStage)
                  .append("' builds FROM it:");
              of.forEach(h -> why.append("\n    ").append(describe(h)));
            });
    if (!foreign.isEmpty()) {
      why.append("\n  entries from neither the base image nor the final stage's chain:");
      foreign.forEach(h -> why.append("\n    ").append(describe(h)));
    }
    fail("to keep only its final stage '" + finalStage + "', but" + why);
    return this;
  }

  /** The image has exactly {@code count} filesystem layers, base included. */
  public ImageAssertions hasLayerCount(int count) {
    int layers = result.totals().layers();
    if (layers != count) {
      fail(
          "to have "
              + count
              + " filesystem layers, but it has "
              + layers
              + (result.attributed()
                  ? " (base " + result.totals().baseLayers() + ", " + byStage() + ")"
                  : ""));
    }
    return this;
  }

  /**
   * The final stage added exactly {@code count} filesystem layers: the count without the base
   * image's layers (nor those of stages the final stage builds {@code FROM}), so it does not change
   * when the base image does.
   */
  public ImageAssertions hasFinalStageLayerCount(int count) {
    if (!result.attributed()) {
      fail(
          "to have "
              + count
              + " final-stage layers, but it was verified without a Dockerfile, so its layers were"
              + " not attributed; verify with .dockerfile(...)");
    }
    String finalStage = result.finalStage().orElseThrow();
    int layers = result.totals().layersByStage().getOrDefault(finalStage, 0);
    if (layers != count) {
      fail(
          "to have "
              + count
              + " filesystem layers in its final stage '"
              + finalStage
              + "', but it has "
              + layers
              + " (image "
              + result.totals().layers()
              + ": base "
              + result.totals().baseLayers()
              + ", "
              + byStage()
              + ")");
    }
    return this;
  }

  /** The image is at most {@code size} ({@code "10MB"}, {@code "512kB"}, {@code "1.5GiB"}). */
  public ImageAssertions sizeAtMost(String size) {
    return sizeAtMostBytes(ByteSize.parse(size));
  }

  /** The image is at most {@code bytes} bytes. */
  public ImageAssertions sizeAtMostBytes(long bytes) {
    long size = result.totals().imageSize();
    if (size > bytes) {
      fail(
          "to be at most "
              + ByteSize.format(bytes)
              + " ("
              + bytes
              + " bytes), but it is "
              + ByteSize.format(size)
              + " ("
              + size
              + " bytes)");
    }
    return this;
  }

  /** The image's filesystem has {@code path} (a file, folder or link). */
  public ImageAssertions contains(String path) {
    String p = normalize(path);
    if (files().stream().noneMatch(f -> f.path().equals(p))) {
      String parent = p.substring(0, Math.max(1, p.lastIndexOf('/')));
      String near =
          files().stream()
              .map(ImageFile::path)
              .filter(f -> f.startsWith(parent.equals("/") ? "/" : parent + "/"))
              .limit(10)
              .collect(Collectors.joining(", "));
      fail(
          "to contain "
              + p
              + ", but it does not"
              + (near.isEmpty()
                  ? " (nor anything in " + parent + ")"
                  : "; in " + parent + ": " + near));
    }
    return this;
  }

  /** The image's filesystem has nothing at {@code path} or below it. */
  public ImageAssertions doesNotContain(String path) {
    String p = normalize(path);
    List<ImageFile> found =
        files().stream()
            .filter(f -> f.path().equals(p) || f.path().startsWith(p.equals("/") ? "/" : p + "/"))
            .toList();
    if (!found.isEmpty()) {
      fail(
          "not to contain "
              + p
              + ", but it does:"
              + found.stream()
                  .limit(10)
                  .map(
                      f ->
                          "\n    "
                              + f.path()
                              + " ("
                              + ByteSize.format(f.size())
                              + ", written by layer "
                              + f.layer()
                              + writer(f.layer())
                              + ")")
                  .collect(Collectors.joining()));
    }
    return this;
  }

  /** No finding with this rule id ({@code builder-shipped}, {@code forbidden-file}, ...). */
  public ImageAssertions hasNoFinding(String rule) {
    List<VerifyFinding> hits =
        result.findings().stream().filter(f -> f.rule().equals(rule)).toList();
    if (!hits.isEmpty()) {
      fail(
          "to have no "
              + rule
              + " finding, but:"
              + hits.stream().map(f -> "\n  " + f.message()).collect(Collectors.joining()));
    }
    return this;
  }

  private List<ImageFile> files() {
    return result
        .files()
        .orElseThrow(
            () ->
                new AssertionError(
                    "the verification of "
                        + result.image()
                        + " did not read the image's files; leave .readFiles(true) (the default)"));
  }

  /** " (stage x Dockerfile:n)" for the n-th filesystem layer, when it is attributed. */
  private String writer(int layer) {
    int seen = 0;
    for (HistoryLayer h : result.history()) {
      if (!h.emptyLayer() && ++seen == layer) {
        return ": "
            + h.stage()
            + (h.line() > 0 ? " " + result.lineReference(h.line()) : "")
            + " "
            + h.instruction();
      }
    }
    return "";
  }

  private String byStage() {
    return result.totals().layersByStage().entrySet().stream()
        .map(e -> "stage " + e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private String describe(HistoryLayer h) {
    return "#"
        + h.index()
        + " "
        + h.stage()
        + (h.line() > 0 ? " " + result.lineReference(h.line()) : "")
        + " "
        + HistoryTableLayout.instruction(h.instruction())
        + " "
        + ByteSize.format(h.size())
        + h.digest().map(d -> " layer " + HistoryTableLayout.shortDigest(d)).orElse("")
        + " ("
        + h.verdict().name().toLowerCase(Locale.ROOT)
        + ")";
  }

  private static String normalize(String path) {
    String p = path.startsWith("/") ? path : "/" + path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private void fail(String expectation) {
    throw new AssertionError(
        "Expected image "
            + result.image()
            + " ("
            + HistoryTableLayout.shortDigest(result.imageId())
            + ") "
            + expectation
            + "\n\nHistory, oldest first:\n"
            + result.historyTable());
  }
}
