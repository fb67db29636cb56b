package dev.dmsb.api;

import dev.dmsb.image.ImageReference;
import dev.dmsb.image.ImageSource;
import dev.dmsb.transport.ImageSources;
import dev.dmsb.transport.SourceOptions;
import dev.dmsb.verify.ExpectedChain;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A verification being described; {@link #verify()} runs it. Made by {@link Dmsb#verify(String)},
 * whose image is named as skopeo names it: {@code docker://REF} (a registry), {@code
 * oci:DIR[:REF]}, {@code oci-archive:FILE[:REF]}, {@code docker-archive:FILE[:REF]} (these need no
 * engine), or {@code docker-daemon:REF} and a bare reference or ID (the Docker engine). Without a
 * Dockerfile the image's history is read and the layer, size and path expectations are checked;
 * with one, every history entry is also attributed to the base image or a stage, so that a shipped
 * builder stage shows.
 */
public final class VerifyPlan {
  private final String image;
  private Path dockerfile;
  private String target;
  private final Map<String, String> buildArgs = new LinkedHashMap<>();
  private BuildBackend backend = BuildBackend.BUILDKIT;
  private VerifyExpectations expectations = VerifyExpectations.none();
  private boolean readFiles = true;
  private Consumer<DmsbEvent> handler = event -> {};
  private DmsbEngine engine;
  private boolean tlsVerify = true;
  private final RegistryReading reading = new RegistryReading();

  VerifyPlan(String image) {
    this.image = Objects.requireNonNull(image, "image");
  }

  /** The Dockerfile the image was built from ({@code -f}); enables attribution to stages. */
  public VerifyPlan dockerfile(Path dockerfile) {
    this.dockerfile = Objects.requireNonNull(dockerfile, "dockerfile");
    return this;
  }

  /** The stage the image was built for ({@code --target}); default: the last stage. */
  public VerifyPlan target(String stage) {
    this.target = stage;
    return this;
  }

  /** A build argument the image was built with (it may choose a FROM image). */
  public VerifyPlan buildArg(String name, String value) {
    buildArgs.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /**
   * The backend whose rules resolve the Dockerfile's stages; default {@link BuildBackend#BUILDKIT}.
   */
  public VerifyPlan backend(BuildBackend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
    return this;
  }

  /**
   * The builder whose rules resolve the Dockerfile's stages.
   *
   * @deprecated use {@link #backend(BuildBackend)}; stays for one release
   */
  @Deprecated(since = "0.1.0")
  public VerifyPlan builder(Builder builder) {
    return backend(Objects.requireNonNull(builder, "builder").backend());
  }

  /**
   * What the image must satisfy; default: nothing beyond reading it. The same word as {@link
   * BuildPlan#expect} for a build.
   */
  public VerifyPlan expect(VerifyExpectations expectations) {
    this.expectations = Objects.requireNonNull(expectations, "expectations");
    return this;
  }

  /** Whether to read the image's files (default true; needed for path assertions). */
  public VerifyPlan readFiles(boolean read) {
    this.readFiles = read;
    return this;
  }

  /** Where warnings go; default: nowhere. */
  public VerifyPlan onEvent(Consumer<DmsbEvent> handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /**
   * Whether registry certificates are checked for {@code docker://} images (default true, as
   * skopeo's {@code --tls-verify}); registries on loopback are reached over plain HTTP either way.
   */
  public VerifyPlan tlsVerify(boolean verify) {
    this.tlsVerify = verify;
    return this;
  }

  /**
   * TLS material for registries ({@code docker://}), as skopeo's and {@code dmsb verify}'s {@code
   * --cert-dir}: {@code *.crt} authorities and {@code NAME.cert}/{@code NAME.key} client pairs;
   * default: the registry's folder under {@code ~/.config/containers/certs.d}, {@code
   * /etc/containers/certs.d} or {@code /etc/docker/certs.d}. {@link #verify()} fails when it is no
   * folder.
   */
  public VerifyPlan certDir(Path dir) {
    reading.certDir = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /**
   * Registry credentials {@code USER:PASSWORD} for every registry read, instead of the configured
   * ones ({@code --creds}); the API asks for no password, so it must be given.
   *
   * @throws IllegalArgumentException without a user name or a {@code :PASSWORD}
   */
  public VerifyPlan creds(String userColonPassword) {
    reading.creds = RegistryReading.credentials(userColonPassword);
    return this;
  }

  /**
   * The registry credentials file (containers' {@code auth.json} or a docker {@code config.json})
   * instead of the docker configuration ({@code --authfile}); default: {@code $REGISTRY_AUTH_FILE}
   * when set. {@link #verify()} fails when the file is not there.
   */
  public VerifyPlan authFile(Path file) {
    reading.authFile = Objects.requireNonNull(file, "file");
    return this;
  }

  /**
   * A bearer token sent to the registry as it is ({@code --registry-token}); not with {@link
   * #creds}.
   */
  public VerifyPlan registryToken(String token) {
    reading.registryToken = Objects.requireNonNull(token, "token");
    return this;
  }

  /**
   * Which image of a multi-platform index to verify, {@code OS/ARCH[/VARIANT]} ({@code
   * --platform}); default: linux and this machine's architecture. Not with the overrides.
   *
   * @throws IllegalArgumentException when it is not {@code OS/ARCH[/VARIANT]}
   */
  public VerifyPlan platform(String platform) {
    reading.platform = RegistryReading.platform(platform);
    return this;
  }

  /** The index's OS to pick, as skopeo's {@code --override-os}; the rest stays this machine's. */
  public VerifyPlan overrideOs(String os) {
    reading.overrideOs = Objects.requireNonNull(os, "os");
    return this;
  }

  /** The index's architecture to pick, as skopeo's {@code --override-arch}. */
  public VerifyPlan overrideArch(String architecture) {
    reading.overrideArch = Objects.requireNonNull(architecture, "architecture");
    return this;
  }

  /** The index's architecture variant to pick, as skopeo's {@code --override-variant}. */
  public VerifyPlan overrideVariant(String variant) {
    reading.overrideVariant = Objects.requireNonNull(variant, "variant");
    return this;
  }

  /** The engine holding the image; default: {@link DmsbEngine#fromEnvironment()}. */
  public VerifyPlan engine(DmsbEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    return this;
  }

  /** How an image that needs no engine is read, checked. */
  SourceOptions sourceOptions() throws DmsbException {
    return reading.toSourceOptions(tlsVerify);
  }

  /**
   * Reads the image back and checks it. Failed checks do not throw: see {@link
   * VerifyResult#passed()} or assert with {@link ImageAssertions}.
   *
   * @throws ImageMissingException the image (or the Dockerfile's base image) is not where it was
   *     named
   * @throws DockerfileProblemException the Dockerfile is missing or has errors
   * @throws EngineUnavailableException no engine answers
   * @throws DmsbException the engine refused, or the image's data does not add up
   */
  public VerifyResult verify() throws DmsbException {
    Optional<ExpectedChain> chain = Optional.empty();
    String name = dockerfile == null ? "Dockerfile" : DockerfileAnalysis.nameOf(dockerfile, null);
    if (dockerfile != null) {
      DockerfileAnalysis df =
          DockerfileAnalysis.of(dockerfile, name, buildArgs, target, backend, handler);
      chain = Optional.of(Verification.chainOf(df.graph()));
    }
    Optional<ExpectedChain> expected = chain;
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new DmsbException(e.getMessage());
    }
    if (ImageSources.needsEngine(reference) && reading.given()) {
      throw new DmsbException(
          "certDir, creds, authFile, registryToken, platform and the overrides are for docker://,"
              + " oci:, oci-archive: and docker-archive: images; "
              + image
              + " is read from the engine");
    }
    if (!ImageSources.needsEngine(reference)) {
      ImageSource source =
          ImageSources.withoutEngine(
              reference,
              System.getenv(),
              Path.of(System.getProperty("user.home")),
              sourceOptions());
      return Interruptibly.run(
          "verify",
          cancellation ->
              Verification.runWithoutEngine(
                  source, image, expected, expectations, readFiles, name, cancellation));
    }
    return Interruptibly.onEngine(
        "verify",
        engine,
        handler,
        (used, cancellation) ->
            Verification.run(
                used.port(),
                image,
                expected,
                expectations,
                readFiles,
                java.util.List.of(),
                name,
                cancellation));
  }
}
