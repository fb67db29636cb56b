package dev.dmsb.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ImageHistory;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.dmsb.engine.BuildContextWriter;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.config.EngineTimeouts;
import dev.dmsb.engine.config.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The {@link Engine} port over the Docker Engine API, with docker-java's httpclient5 transport.
 *
 * <p>Typed docker-java commands serve inspect, history, version and remove. Raw requests serve what
 * the typed commands cannot do well: {@code POST /build} (BuildKit needs {@code version=2}; the
 * context is streamed through a {@link ContextPipe}, uncompressed and chunked), {@code POST
 * /images/create} and {@code GET /images/{name}/get} (streams read as they arrive) and {@code GET
 * /distribution/{name}/json} (with {@code X-Registry-Auth}). The API version is not pinned:
 * requests go without a {@code /vX.Y} prefix, which every engine serves at its own version.
 *
 * <p>Two connection pools are kept: one for short requests with a response timeout, one for
 * streams, whose read timeout is unlimited unless configured (build steps may be silent for long).
 */
public final class DockerEngine implements Engine {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String address;
  private final DockerHttpClient control;
  private final DockerHttpClient streams;
  private final DockerClient client;
  private final BuildSubmission builds;
  private final EngineTimeouts timeouts;

  private DockerEngine(
      String address, DockerHttpClient control, DockerHttpClient streams, EngineTimeouts timeouts) {
    this.address = address;
    this.control = control;
    this.streams = streams;
    this.timeouts = timeouts;
    this.client =
        DockerClientImpl.getInstance(
            DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(address)
                .withDockerTlsVerify(false)
                .build(),
            control);
    this.builds = new BuildSubmission(address, streams, timeouts.streamRead());
  }

  /** Connects (lazily: nothing is sent until the first call) with the default timeouts. */
  public static DockerEngine connect(EngineEndpoint endpoint) throws EngineConfigException {
    return connect(endpoint, EngineTimeouts.defaults());
  }

  /**
   * Connects (lazily: nothing is sent until the first call).
   *
   * @throws EngineConfigException when the TLS material cannot be used
   */
  public static DockerEngine connect(EngineEndpoint endpoint, EngineTimeouts timeouts)
      throws EngineConfigException {
    SSLContext ssl = endpoint.tls().isPresent() ? TlsContexts.create(endpoint.tls().get()) : null;
    URI host = URI.create(endpoint.host());
    ApacheDockerHttpClient.Builder control =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(host)
            .connectionTimeout(timeouts.connect())
            .responseTimeout(timeouts.request());
    ApacheDockerHttpClient.Builder streams =
        new ApacheDockerHttpClient.Builder().dockerHost(host).connectionTimeout(timeouts.connect());
    if (timeouts.streamRead() != null) {
      streams.responseTimeout(timeouts.streamRead());
    }
    if (ssl != null) {
      control.sslConfig(() -> ssl);
      streams.sslConfig(() -> ssl);
    }
    return new DockerEngine(endpoint.host(), control.build(), streams.build(), timeouts);
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public EngineInfo ping() throws EngineException {
    String builderVersion = PingProbe.builderVersion(address, control, pingLimit());
    Version version;
    try {
      version = client.versionCmd().exec();
    } catch (RuntimeException e) {
      throw EngineErrors.convert(e, address, "Asking the engine for its version", null);
    }
    String os = version.getOperatingSystem();
    // The 20.10 engine sends Builder-Version only with features.buildkit set, yet serves
    // version=2 from API 1.39 on Linux, so the API version decides when the header is absent.
    boolean buildkit =
        "2".equals(builderVersion)
            || ("linux".equalsIgnoreCase(os) && atLeast(version.getApiVersion(), 1, 39));
    return new EngineInfo(
        version.getVersion(), version.getApiVersion(), os, version.getArch(), buildkit);
  }

  @Override
  public BuildOutcome build(
      BuildRequest request,
      BuildContextWriter context,
      BuildEventListener listener,
      Cancellation cancellation)
      throws EngineException {
    return builds.submit(request, context, listener, cancellation);
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    InspectImageResponse r;
    try {
      r = client.inspectImageCmd(image).exec();
    } catch (RuntimeException e) {
      throw EngineErrors.convert(e, address, "Inspecting " + image, image);
    }
    List<String> layers =
        r.getRootFS() != null && r.getRootFS().getLayers() != null
            ? r.getRootFS().getLayers()
            : List.of();
    Map<String, String> labels =
        r.getConfig() != null && r.getConfig().getLabels() != null
            ? r.getConfig().getLabels()
            : Map.of();
    return new ImageDetails(
        r.getId(),
        orEmpty(r.getRepoTags()),
        orEmpty(r.getRepoDigests()),
        r.getParent() == null ? "" : r.getParent(),
        r.getSize() == null ? 0 : r.getSize(),
        layers,
        labels,
        r.getOs(),
        r.getArch());
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    List<ImageHistory> items;
    try {
      items = client.imageHistoryCmd(image).exec();
    } catch (RuntimeException e) {
      throw EngineErrors.convert(e, address, "Reading the history of " + image, image);
    }
    List<HistoryEntry> entries = new ArrayList<>();
    for (ImageHistory h : items) {
      entries.add(
          new HistoryEntry(
              h.getId(),
              h.getCreated() == null ? 0 : h.getCreated(),
              h.getCreatedBy() == null ? "" : h.getCreatedBy(),
              orEmpty(h.getTags()),
              h.getSize() == null ? 0 : h.getSize(),
              h.getComment() == null ? "" : h.getComment()));
    }
    // The engine answers newest first; the port promises oldest first.
    Collections.reverse(entries);
    return entries;
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader) throws EngineException {
    return exportImage(image, reader, Cancellation.create());
  }

  /** Cancelling aborts the connection (a read blocked on the engine ends at once). */
  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader, Cancellation cancellation)
      throws EngineException {
    if (cancellation.isCancelled()) {
      throw OperationCancelledException.exporting(image);
    }
    Request request =
        Request.builder()
            .method(Request.Method.GET)
            .path("/images/" + BuildQuery.imagePath(image) + "/get")
            .build();
    try (Response response = send(streams, request)) {
      int status = response.getStatusCode();
      if (status == 404) {
        throw new ImageNotFoundException(
            image, EngineErrors.engineMessage(readSome(response.getBody()), status));
      }
      if (status != 200) {
        throw new EngineException(
            "Exporting "
                + image
                + " failed: "
                + EngineErrors.engineMessage(readSome(response.getBody()), status));
      }
      try (Cancellation.Registration abort = cancellation.onCancel(response::close);
          InputStream archive =
              IdleTimeout.guard(response.getBody(), timeouts.streamRead(), response)) {
        T result = reader.read(archive);
        if (cancellation.isCancelled()) {
          throw OperationCancelledException.exporting(image);
        }
        return result;
      } catch (IOException e) {
        if (cancellation.isCancelled()) {
          throw OperationCancelledException.exporting(image);
        }
        throw new EngineException(
            "Reading the archive of " + image + " from the engine at " + address + " failed: " + e,
            e);
      }
    }
  }

  @Override
  public String distributionDigest(String reference, RegistryAuth auth) throws EngineException {
    Request.Builder request =
        Request.builder()
            .method(Request.Method.GET)
            .path("/distribution/" + BuildQuery.imagePath(reference) + "/json");
    if (auth != null) {
      request.putHeader("X-Registry-Auth", BuildQuery.registryAuth(auth));
    }
    try (Response response = send(control, request.build())) {
      int status = response.getStatusCode();
      byte[] body = readSome(response.getBody());
      if (status == 200) {
        try {
          JsonNode digest = JSON.readTree(body).path("Descriptor").path("digest");
          if (digest.isTextual()) {
            return digest.asText();
          }
        } catch (IOException e) {
          // fall through to the error below
        }
        throw new EngineException(
            "The engine gave no digest for " + reference + " (GET /distribution/.../json).");
      }
      throw registryError(reference, status, EngineErrors.engineMessage(body, status));
    }
  }

  @Override
  public void pull(String reference, RegistryAuth auth, BuildEventListener listener)
      throws EngineException {
    new Pull(address, streams, timeouts.streamRead()).run(reference, auth, listener);
  }

  @Override
  public void removeImage(String image, boolean force) throws EngineException {
    try {
      client.removeImageCmd(image).withForce(force).exec();
    } catch (NotFoundException e) {
      // Already gone: the port promises that this is not an error.
    } catch (RuntimeException e) {
      throw EngineErrors.convert(e, address, "Removing " + image, image);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      // Closing pooled connections cannot fail in a way the caller could act on.
    }
    try {
      streams.close();
    } catch (IOException | RuntimeException e) {
      // as above
    }
  }

  /**
   * How long a ping may take: twice the connect timeout. A healthy engine answers {@code /_ping} at
   * once, so a listener that accepts but never answers (or a hung engine on a unix socket, where
   * socket timeouts do not apply) is reported quickly rather than after the request timeout.
   */
  private Duration pingLimit() {
    return timeouts.connect().multipliedBy(2);
  }

  /** An error about a registry reference: not found, refused, or other. */
  static EngineException registryError(String reference, int status, String message) {
    String registry = RegistryCredentials.registryHost(reference);
    if (status == 404 || message.contains("manifest unknown") || message.contains("not found")) {
      return new ImageNotFoundException(
          reference, reference + " was not found in the registry " + registry + ": " + message);
    }
    if (status == 401
        || status == 403
        || message.contains("unauthorized")
        || message.contains("denied")
        // what the engine says when it has no credentials to send to a registry that wants some
        || message.contains("no basic auth credentials")
        || message.contains("authentication required")) {
      return new EngineException(
          "The registry "
              + registry
              + " refused access to "
              + reference
              + ": "
              + message
              + ". Log in with `docker login "
              + registry
              + "` or fix the credentials in the docker configuration.");
    }
    return new EngineException(
        "Asking the registry " + registry + " for " + reference + " failed: " + message);
  }

  private Response send(DockerHttpClient http, Request request) throws EngineException {
    return send(address, http, request);
  }

  static Response send(String address, DockerHttpClient http, Request request)
      throws EngineException {
    try {
      return http.execute(request);
    } catch (RuntimeException e) {
      IOException io = EngineErrors.ioCause(e);
      if (io != null) {
        throw EngineErrors.unreachable(address, io);
      }
      throw new EngineException("The request to the engine at " + address + " failed: " + e, e);
    }
  }

  /** At most 64 KiB of an error body: enough for any message, bounded for a misbehaving server. */
  static byte[] readSome(InputStream body) {
    try (body) {
      return body.readNBytes(64 * 1024);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static boolean atLeast(String apiVersion, int major, int minor) {
    if (apiVersion == null) {
      return false;
    }
    String[] parts = apiVersion.split("\\.");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  static <T> Optional<T> none() {
    return Optional.empty();
  }
}
