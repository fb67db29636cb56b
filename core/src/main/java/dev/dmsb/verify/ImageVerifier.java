package dev.dmsb.verify;

import dev.dmsb.daemon.DaemonImageSource;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.image.ImageSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Verifies an image against what its Dockerfile says it should hold. One verb: {@link #verify}.
 *
 * <p>It reads the image from an {@link ImageSource}: its inspect data and history, the base image
 * the same way, and, for the file checks or when the history alone cannot tell empty layers apart,
 * the config and the layers as streams. On a Docker engine that is {@code GET /images/{id}/json},
 * {@code /history} and the image archive ({@code GET /images/{id}/get}). It never prints and never
 * writes to disk.
 */
public final class ImageVerifier {
  private ImageVerifier() {}

  /**
   * Verifies one image.
   *
   * @return the report; {@link VerifyReport#passed()} says whether every check held
   * @throws ImageNotFoundException when the image (or the Dockerfile's base image) is not local
   * @throws dev.dmsb.engine.EngineUnreachableException when no engine answers
   * @throws EngineException when the engine reports another error
   * @throws VerifyException when the image's own data does not add up
   */
  public static VerifyReport verify(Engine engine, VerifyRequest request)
      throws EngineException, VerifyException {
    return verify(engine, request, Cancellation.create());
  }

  /**
   * Verifies one image; {@code cancellation} stops it (Ctrl-C): no further request is made, a
   * running image export (the leak scan's) is aborted, and {@link OperationCancelledException} is
   * thrown instead of a report.
   *
   * @throws OperationCancelledException when cancelled
   * @see #verify(Engine, VerifyRequest)
   */
  public static VerifyReport verify(Engine engine, VerifyRequest request, Cancellation cancellation)
      throws EngineException, VerifyException {
    return verify(new DaemonImageSource(engine), request, cancellation);
  }

  /**
   * Verifies one image read from {@code source} (a Docker engine, a registry, a layout or an
   * archive); {@code cancellation} stops it as {@link #verify(Engine, VerifyRequest, Cancellation)}
   * is stopped.
   *
   * @throws OperationCancelledException when cancelled
   */
  public static VerifyReport verify(
      ImageSource source, VerifyRequest request, Cancellation cancellation)
      throws EngineException, VerifyException {
    return verifyAndList(source, request, false, cancellation).report();
  }

  /**
   * A report, and the image's final filesystem as {@link ImageContents#read} gives it.
   *
   * @param report the verification's report
   * @param files every present path, sorted, when asked for
   */
  public record Verified(VerifyReport report, Optional<List<ImageContents.Entry>> files) {}

  /**
   * {@link #verify(ImageSource, VerifyRequest, Cancellation)} that also lists the image's files
   * when {@code listFiles} is set, from the same single read of the layers (a registry's blobs are
   * fetched once, an engine exports once).
   */
  public static Verified verifyAndList(
      ImageSource source, VerifyRequest request, boolean listFiles, Cancellation cancellation)
      throws EngineException, VerifyException {
    CancellableSource cancellable = new CancellableSource(source, cancellation);
    Verified verified = verifyOn(cancellable, request, listFiles);
    cancellable.check(); // a report made of a cut-short export is no report
    return verified;
  }

  private static Verified verifyOn(
      CancellableSource engine, VerifyRequest request, boolean listFiles)
      throws EngineException, VerifyException {
    // An engine that accepts but never answers fails here within the ping's short bound, not
    // after a long request timeout (or never, on a unix socket).
    engine.ping();
    Optional<ImageArchive> archive = Optional.empty();
    if (request.readsFiles() || listFiles) {
      String id = engine.inspect(request.image()).id();
      archive =
          Optional.of(
              ImageArchiveScanner.of(
                  engine.read(id, ImageArchiveScanner::list, Cancellation.create())));
    }
    ImageLayers image = ImageLayers.read(engine, request.image(), archive);
    ReportBuilder report = new ReportBuilder(request, image);
    if (request.expected().isPresent()) {
      attribute(engine, request.expected().get(), image, report);
    }
    if (archive.isPresent() && request.readsFiles()) {
      engine.check();
      FileChecks.run(request, archive.get(), report);
    }
    report.keptOut(KeptOut.total(engine, request.stageImages(), image));
    return new Verified(
        report.build(),
        listFiles ? Optional.of(ImageContents.entries(archive.get())) : Optional.empty());
  }

  private static void attribute(
      ImageSource engine, ExpectedChain chain, ImageLayers image, ReportBuilder report)
      throws EngineException, VerifyException {
    List<HistoryEntry> history = image.history();
    int baseRows = 0;
    if (chain.baseImage().isPresent()) {
      String base = chain.baseImage().get();
      ImageLayers baseLayers;
      try {
        baseLayers = ImageLayers.read(engine, base, Optional.empty());
      } catch (ImageNotFoundException e) {
        if (engine instanceof CancellableSource c && c.isDaemon()) {
          throw new VerifyException(
              "the Dockerfile's base image "
                  + base
                  + " is not in the engine, so the image cannot be compared with it; pull or"
                  + " build it first",
              e);
        }
        // An archive or layout often holds the final image only (docker save, skopeo copy):
        // everything but the base is still checked, and the report says what was not.
        baseRows = BaseInference.rowsBelowChain(history, chain, image.details().labels());
        report.finding(
            Severity.WARNING,
            "base-not-checked",
            "the Dockerfile's base image "
                + base
                + " could not be read ("
                + e.getMessage()
                + "), so the image's lowest "
                + baseRows
                + " history entries (below the final stage's chain) are taken as the base's,"
                + " unchecked; to check them, put the base in the same archive (docker save"
                + " IMAGE "
                + base
                + ") or make its registry reachable",
            List.of());
        baseLayers = null;
      }
      if (baseLayers != null) {
        baseRows = BaseCheck.run(base, baseLayers, image, report);
      }
    } else {
      report.check("base-prefix", true, "the chain starts FROM scratch: no base layers expected");
    }
    List<CreatedBy> above = new ArrayList<>();
    for (HistoryEntry e : history.subList(baseRows, history.size())) {
      above.add(CreatedBy.parse(e.createdBy()));
    }
    ChainMatcher.Result match = ChainMatcher.match(above, chain.steps(), image.details().labels());
    for (int i = 0; i < match.attributions().size(); i++) {
      report.attribute(baseRows + i, match.attributions().get(i));
    }
    report.chainResult(chain, match.missing());
  }
}
