package dev.dmsb.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.dmsb.engine.EngineDialer;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.EngineEndpoint;
import dev.dmsb.engine.config.EngineTimeouts;
import dev.dmsb.engine.config.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The {@link Engine} port over the Docker Engine API, with docker-java's httpclient5 transport.
 *
 * <p>Every operation is a raw request on docker-java's {@link DockerHttpClient}, its answer read as
 * a JSON tree or a stream: {@code POST /build} (BuildKit needs {@code version=2}; the context is
 * streamed through a {@link ContextPipe}, uncompressed and chunked), {@code POST /images/create}
 * ({@link Pull}), {@code GET /images/{name}/get} and {@code POST /images/load} ({@link
 * ImageArchives}, streams read as they arrive), {@code GET /distribution/{name}/json} (with {@code
 * X-Registry-Auth}, {@link Distribution}), and the image requests of {@link ImageRequests}.
 * docker-java's typed client is not used: it would load far more than a command-line run needs. The
 * API version is the engine's: after {@link #ping()} requests go to {@code /vX.Y/...} at the
 * version it announced, capped at the newest dmsb knows ({@link ApiVersionedHttp}); before,
 * unversioned, which every engine serves at its own version.
 *
 * <p>Two connection pools are kept: one for short requests with a response timeout, one for
 * streams, whose read timeout is unlimited unless configured (build steps may be silent for long).
 */
public final class DockerEngine implements Engine {
  private static final ObjectMapper JSON = EngineJson.MAPPER;

  private final String address;
  private final DockerHttpClient control;
  private final DockerHttpClient streams;
  private final ImageRequests images;
  private final ImageArchives archives;
  private final BuildSubmission builds;
  private final EngineTimeouts timeouts;
  private final TlsSettings tls;
  private final EngineDialer dialer;
  private final ApiVersionedHttp.Spoken spoken = new ApiVersionedHttp.Spoken();

  private DockerEngine(
      String address,
      DockerHttpClient control,
      DockerHttpClient streams,
      EngineTimeouts timeouts,
      TlsSettings tls,
      EngineDialer dialer) {
    this.address = address;
    this.dialer = dialer;
    this.tls = tls;
    this.control = new ApiVersionedHttp(control, spoken);
    this.streams = new ApiVersionedHttp(streams, spoken);
    this.timeouts = timeouts;
    this.images = new ImageRequests(address, this.control);
    this.archives = new ImageArchives(address, this.streams, timeouts.streamRead());
    this.builds = new BuildSubmission(address, this.streams, this.control, timeouts.streamRead());
  }

  /** An engine over given transports (tests hand in stand-ins). */
  static DockerEngine over(String address, DockerHttpClient control, DockerHttpClient streams) {
    return new DockerEngine(address, control, streams, EngineTimeouts.defaults(), null, null);
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
    URI host = URI.create(endpoint.host());
    SSLContext ssl;
    if (endpoint.tls().isPresent()) {
      ssl = TlsContexts.create(endpoint.tls().get());
    } else if ("unix".equals(host.getScheme()) || "npipe".equals(host.getScheme())) {
      ssl = new UnusedTlsContext();
    } else {
      // Plain tcp://: the transport reads any SSL context as "use HTTPS", so it gets none (and
      // then sets up the JVM's default one, which only costs time).
      ssl = null;
    }
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
    RawDialer dialer =
        new RawDialer(host, endpoint.tls().isPresent() ? ssl : null, timeouts.connect());
    return new DockerEngine(
        endpoint.host(),
        control.build(),
        streams.build(),
        timeouts,
        endpoint.tls().orElse(null),
        dialer);
  }

  @Override
  public String address() {
    return address;
  }

  /**
   * {@code GET /_ping}, whose headers say all a build needs ({@code API-Version}, {@code OSType},
   * {@code Builder-Version}, and the engine's version in {@code Server: Docker/20.10.24 (linux)});
   * {@code GET /version} only when they do not (then the architecture is known too, else it is
   * empty).
   *
   * <p>Every command pings first, so this is where an engine that refuses the client's certificate
   * is told apart from one that is not there ({@link TlsFailure#clientRefused}).
   */
  @Override
  public EngineInfo ping() throws EngineException {
    PingProbe.Answer answer;
    try {
      answer = PingProbe.ping(address, control, pingLimit());
    } catch (EngineUnreachableException e) {
      throw tls == null ? e : TlsFailure.clientRefused(e, tls);
    }
    String builderVersion = answer.builderVersion();
    String apiVersion = answer.apiVersion();
    String os = answer.os();
    String serverVersion = serverVersion(answer.server());
    boolean podman = answer.server() != null && answer.server().startsWith(LIBPOD);
    String architecture = "";
    if (apiVersion == null || os == null || serverVersion == null) {
      JsonNode version = version();
      apiVersion = version.path("ApiVersion").asText("");
      os = version.path("Os").asText("");
      serverVersion = version.path("Version").asText("");
      architecture = version.path("Arch").asText("");
      podman = podman || isPodman(version);
    }
    spoken.announce(apiVersion);
    if (podman) {
      // Podman takes version=2 and builds on Buildah anyway; it has no BuildKit to offer.
      return new EngineInfo(serverVersion, apiVersion, os, architecture, false, EngineInfo.PODMAN);
    }
    // The 20.10 engine sends Builder-Version only with features.buildkit set, yet serves
    // version=2 from API 1.39 on Linux, so the API version decides when the header is absent.
    boolean buildkit =
        "2".equals(builderVersion) || ("linux".equalsIgnoreCase(os) && atLeast(apiVersion, 1, 39));
    return new EngineInfo(serverVersion, apiVersion, os, architecture, buildkit);
  }

  private static final String LIBPOD = "Libpod/";

  /** Whether {@code /version} names Podman: a component {@code Podman Engine} (4.x and 5.x). */
  static boolean isPodman(JsonNode version) {
    for (JsonNode component : version.path("Components")) {
      if (component.path("Name").asText("").startsWith("Podman")) {
        return true;
      }
    }
    return version.path("Platform").path("Name").asText("").contains("Podman");
  }

  /**
   * The version in a {@code Server: Docker/20.10.24+dfsg1 (linux)} or {@code Libpod/4.3.1 (linux)}
   * header, or null.
   */
  static String serverVersion(String server) {
    String product =
        server == null
            ? null
            : server.startsWith("Docker/") ? "Docker/" : server.startsWith(LIBPOD) ? LIBPOD : null;
    if (product == null) {
      return null;
    }
    String rest = server.substring(product.length());
    int space = rest.indexOf(' ');
    String version = space < 0 ? rest : rest.substring(0, space);
    return version.isEmpty() ? null : version;
  }

  private JsonNode version() throws EngineException {
    Request request = Request.builder().method(Request.Method.GET).path("/version").build();
    try (Response response = send(control, request)) {
      byte[] body = readSome(response.getBody());
      if (response.getStatusCode() != 200) {
        throw new EngineException(
            "The engine at "
                + address
                + " answered /version with "
                + EngineErrors.engineMessage(body, response.getStatusCode()));
      }
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new EngineException(
            "The engine at " + address + " answered /version with unreadable JSON: " + e, e);
      }
    }
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

  /** Raw connections over the same endpoint and TLS context (none for a stand-in transport). */
  @Override
  public Optional<EngineDialer> dialer() {
    return Optional.ofNullable(dialer);
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    return images.inspect(image);
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    return images.history(image);
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader) throws EngineException {
    return exportImage(image, reader, Cancellation.create());
  }

  /** Cancelling aborts the connection (a read blocked on the engine ends at once). */
  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader, Cancellation cancellation)
      throws EngineException {
    return archives.export(image, reader, cancellation);
  }

  @Override
  public String distributionDigest(String reference, RegistryAuth auth) throws EngineException {
    return Distribution.digest(address, control, reference, auth);
  }

  @Override
  public void pull(String reference, RegistryAuth auth, BuildEventListener listener)
      throws EngineException {
    new Pull(address, streams, timeouts.streamRead()).run(reference, auth, listener);
  }

  @Override
  public void loadImage(InputStream archive) throws EngineException {
    archives.load(archive);
  }

  @Override
  public void removeImage(String image, boolean force) throws EngineException {
    images.remove(image, force);
  }

  @Override
  public void close() {
    try {
      control.close();
    } catch (IOException | RuntimeException e) {
      // Closing pooled connections cannot fail in a way the caller could act on.
    }
    try {
      streams.close();
    } catch (IOException | RuntimeException e) {
      // as above
    }
  }

  private Response send(DockerHttpClient http, Request request) throws EngineException {
    return send(address, http, request);
  }

  /**
   * How long a ping may take: twice the connect timeout. A healthy engine answers {@code /_ping} at
   * once, so a listener that accepts but never answers (or a hung engine on a unix socket, where
   * socket timeouts do not apply) is reported quickly rather than after the request timeout.
   */
  private Duration pingLimit() {
    return timeouts.connect().multipliedBy(2);
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
}
