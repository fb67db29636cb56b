package dev.dmsb.engine;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The port through which dmsb talks to a container engine. It is deliberately narrow: these are the
 * only Engine API operations dmsb needs.
 *
 * <ul>
 *   <li>{@code GET /_ping}, {@code GET /version}: {@link #ping()}
 *   <li>{@code POST /build}: {@link #build}
 *   <li>{@code GET /images/{name}/json}: {@link #inspect}
 *   <li>{@code GET /images/{name}/history}: {@link #history}
 *   <li>{@code GET /images/{name}/get}: {@link #exportImage}
 *   <li>{@code GET /distribution/{name}/json}: {@link #distributionDigest}
 *   <li>{@code POST /images/create}: {@link #pull}
 *   <li>{@code DELETE /images/{name}}: {@link #removeImage}
 *   <li>{@code POST /images/load}: {@link #loadImage}
 * </ul>
 *
 * <p>Implementations convert every transport failure into {@link EngineUnreachableException} and
 * every engine-reported error into {@link EngineException}; no type of the underlying client leaks
 * through this interface.
 */
public interface Engine extends AutoCloseable {

  /** The address this engine is reached at, for messages ({@code unix:///var/run/docker.sock}). */
  String address();

  /** Checks that the engine answers and reports what it is. */
  EngineInfo ping() throws EngineException;

  /**
   * Submits a build. The context is written by {@code context} while the request is streamed; the
   * listener sees engine events as they arrive. Returns when the engine has finished.
   */
  default BuildOutcome build(
      BuildRequest request, BuildContextWriter context, BuildEventListener listener)
      throws EngineException {
    return build(request, context, listener, Cancellation.create());
  }

  /**
   * Submits a build that {@code cancellation} can stop. The context writer runs on its own thread
   * while the request body is sent (uncompressed tar, chunked); if it throws, the request is
   * aborted and {@link ContextWriteException} carries its exception. An engine error before the
   * stream (an HTTP error status) and one in the stream ({@code errorDetail}) both end in an
   * outcome with {@link BuildOutcome#error()} set to the engine's message; a broken connection
   * throws {@link EngineUnreachableException}; a cancelled build throws {@link
   * OperationCancelledException} after the connection is closed, which makes the engine stop it.
   *
   * <p>A request {@linkplain BuildRequest#inSession in a session} has no body: {@code context} is
   * not used (it may be null), the engine asks the session for files, and cancelling also asks the
   * engine to stop the build by its ID ({@code POST /build/cancel}).
   */
  BuildOutcome build(
      BuildRequest request,
      BuildContextWriter context,
      BuildEventListener listener,
      Cancellation cancellation)
      throws EngineException;

  /**
   * Opens raw connections to this engine for protocols its HTTP client cannot speak (the BuildKit
   * session's {@code h2c} upgrade); empty when this engine cannot be dialled that way.
   */
  default Optional<EngineDialer> dialer() {
    return Optional.empty();
  }

  /** Inspects a local image; throws {@link ImageNotFoundException} when it is not there. */
  ImageDetails inspect(String image) throws EngineException;

  /** The image's history, oldest entry first (the API answers newest first). */
  List<HistoryEntry> history(String image) throws EngineException;

  /**
   * Streams the image archive ({@code docker save} format) to {@code reader} without writing it to
   * disk. The stream is closed when the reader returns.
   */
  <T> T exportImage(String image, ArchiveReader<T> reader) throws EngineException;

  /**
   * {@link #exportImage(String, ArchiveReader)} that {@code cancellation} can stop: the archive
   * stream is closed under the reader, and {@link OperationCancelledException} is thrown instead of
   * a result, even one the reader made of what it had read. Adapters override this to abort the
   * connection, which a blocked read may need to notice.
   */
  default <T> T exportImage(String image, ArchiveReader<T> reader, Cancellation cancellation)
      throws EngineException {
    if (cancellation.isCancelled()) {
      throw OperationCancelledException.exporting(image);
    }
    T result;
    try {
      result =
          exportImage(
              image,
              archive -> {
                try (Cancellation.Registration r =
                    cancellation.onCancel(
                        () -> {
                          try {
                            archive.close();
                          } catch (java.io.IOException e) {
                            // closed either way: the reader's next read fails
                          }
                        })) {
                  return reader.read(archive);
                }
              });
    } catch (EngineException e) {
      if (cancellation.isCancelled()) {
        throw OperationCancelledException.exporting(image);
      }
      throw e;
    }
    if (cancellation.isCancelled()) {
      throw OperationCancelledException.exporting(image);
    }
    return result;
  }

  /**
   * Asks the engine for the registry's manifest digest of {@code reference} ({@code sha256:...}),
   * using {@code auth} when given.
   */
  String distributionDigest(String reference, RegistryAuth auth) throws EngineException;

  /** Pulls {@code reference} into the engine, using {@code auth} when given. */
  void pull(String reference, RegistryAuth auth, BuildEventListener listener)
      throws EngineException;

  /** Removes a local image; a missing image is not an error. */
  void removeImage(String image, boolean force) throws EngineException;

  /**
   * Loads an image archive ({@code docker save} format, as BuildKit's {@code docker} exporter
   * writes it) into the engine's image store, streamed from {@code archive}.
   */
  default void loadImage(InputStream archive) throws EngineException {
    throw new EngineException("the engine at " + address() + " cannot load image archives");
  }

  @Override
  void close();

  /** Reads an image archive stream. */
  @FunctionalInterface
  interface ArchiveReader<T> {
    T read(InputStream archive) throws java.io.IOException;
  }
}
