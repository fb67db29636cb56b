package dev.dmsb.api;

import dev.dmsb.build.BuildResult;
import dev.dmsb.build.BuildSpec;
import dev.dmsb.build.BuilderChoice;
import dev.dmsb.build.BuildxSyntax;
import dev.dmsb.buildkit.BuildkitAddress;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.dockerfile.graph.StageGraph;
import dev.dmsb.engine.BuildCache;
import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.SecretSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A build being described; {@link #build()} runs it. Made by {@link Dmsb#build(Path)}. Not
 * thread-safe; each call returns this plan.
 */
public final class BuildPlan {
  private final Path context;
  private Path dockerfile;
  private String target;
  private final Map<String, String> buildArgs = new LinkedHashMap<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final List<String> tags = new ArrayList<>();
  private BuildBackend backend = BuildBackend.AUTO;
  private boolean noCache;
  private boolean pull;
  private VerifyExpectations expectations;
  private boolean readFiles = true;
  private Consumer<DmsbEvent> handler = event -> {};
  private DmsbEngine engine;
  private final List<SecretSource> secrets = new ArrayList<>();
  private final SshRequests ssh = new SshRequests();

  private String buildkitHost;
  private BuildkitAddress.Tls buildkitTls;
  private BuildOutput output;
  private final List<BuildCache.Entry> cacheFrom = new ArrayList<>();
  private final List<BuildCache.Entry> cacheTo = new ArrayList<>();

  BuildPlan(Path context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * The Dockerfile, as a path relative to the working folder (as {@code docker build -f} takes it),
   * not to the context; default: the context's {@code Dockerfile}.
   */
  public BuildPlan dockerfile(Path dockerfile) {
    this.dockerfile = Objects.requireNonNull(dockerfile, "dockerfile");
    return this;
  }

  /** The stage to build ({@code --target}); default: the last stage. */
  public BuildPlan target(String stage) {
    this.target = stage;
    return this;
  }

  /** A build argument ({@code --build-arg name=value}). */
  public BuildPlan buildArg(String name, String value) {
    buildArgs.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** A label set on the image ({@code --label name=value}). */
  public BuildPlan label(String name, String value) {
    labels.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** A tag for the image ({@code -t name:tag}); may be given several times. */
  public BuildPlan tag(String tag) {
    tags.add(Objects.requireNonNull(tag, "tag"));
    return this;
  }

  /** Which backend runs the build; default {@link BuildBackend#AUTO}. */
  public BuildPlan backend(BuildBackend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
    return this;
  }

  /**
   * A secret for {@code RUN --mount=type=secret,id=ID}, read from {@code file} when the build asks
   * for it ({@code --secret id=ID,src=FILE}); never stored in the image. BuildKit only.
   */
  public BuildPlan secret(String id, Path file) {
    secrets.add(SecretSource.file(Objects.requireNonNull(id, "id"), file));
    return this;
  }

  /**
   * A secret for {@code RUN --mount=type=secret,id=ID}, read from the environment variable {@code
   * variable} when the build asks for it ({@code --secret id=ID,env=VAR}). BuildKit only.
   */
  public BuildPlan secretFromEnv(String id, String variable) {
    secrets.add(SecretSource.env(Objects.requireNonNull(id, "id"), variable));
    return this;
  }

  /**
   * An SSH agent for {@code RUN --mount=type=ssh[,id=ID]} ({@code default} is the id of a mount
   * that names none), as {@code docker build --ssh ID=PATH[,PATH]} takes it: an agent socket to
   * forward to, or private key files (OpenSSH's format or PEM) that dmsb's own agent serves. An
   * encrypted key needs {@link #sshKey}. BuildKit only.
   */
  public BuildPlan ssh(String id, Path first, Path... more) {
    List<Path> paths = new ArrayList<>();
    paths.add(Objects.requireNonNull(first, "first"));
    paths.addAll(List.of(more));
    ssh.add(Objects.requireNonNull(id, "id"), paths, null);
    return this;
  }

  /**
   * An encrypted private key for {@code RUN --mount=type=ssh[,id=ID]}, decrypted with {@code
   * passphrase} (a copy, kept by this plan for its builds). BuildKit only.
   */
  public BuildPlan sshKey(String id, Path keyFile, char[] passphrase) {
    ssh.add(
        Objects.requireNonNull(id, "id"),
        List.of(Objects.requireNonNull(keyFile, "keyFile")),
        Objects.requireNonNull(passphrase, "passphrase").clone());
    return this;
  }

  /**
   * Which builder runs the build.
   *
   * @deprecated use {@link #backend(BuildBackend)}; stays for one release
   */
  @Deprecated(since = "0.1.0")
  public BuildPlan builder(Builder builder) {
    return backend(Objects.requireNonNull(builder, "builder").backend());
  }

  /**
   * Build on this BuildKit daemon ({@code unix:///path} or {@code tcp://host:port}, as {@code
   * --buildkit-host} and {@code BUILDKIT_HOST} name it) through BuildKit's Control API instead of
   * the Docker engine. A daemon has no image store: give {@link #push()}, {@link #load()} or an
   * {@link #output(String)}; {@link #expect} then reads the image where it went (the registry by
   * the pushed digest, the Docker engine, the archive written).
   */
  public BuildPlan buildkitHost(String address) {
    this.buildkitHost = Objects.requireNonNull(address, "address");
    return this;
  }

  /**
   * Mutual TLS for a {@code tcp://} {@link #buildkitHost}: the authority that signed the daemon's
   * certificate, the client's certificate and key (PEM files; null for none), and the name the
   * daemon's certificate must carry (null: the address's host).
   */
  public BuildPlan buildkitTls(Path caCert, Path cert, Path key, String serverName) {
    this.buildkitTls = new BuildkitAddress.Tls(caCert, cert, key, serverName);
    return this;
  }

  /**
   * Where the result goes instead of the image store, with {@code docker build -o}'s and buildx's
   * semantics: {@code type=local,dest=DIR}, {@code type=tar,dest=FILE}, {@code
   * type=oci|docker,dest=FILE}, {@code type=image,name=REF,push=true}, or a bare {@code DIR}
   * (BuildKit only). {@link #expect} reads an archive from its file and a pushed image from the
   * registry; an output of files ({@code local}, {@code tar}) has no image to verify.
   *
   * @throws IllegalArgumentException the value is malformed (the message says how)
   */
  public BuildPlan output(String spec) {
    try {
      this.output = BuildxSyntax.output(Objects.requireNonNull(spec, "spec"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("output(\"" + spec + "\"): " + e.getMessage(), e);
    }
    return this;
  }

  /** Push the image under its {@link #tag tags} ({@code --push}: type=image,push=true). */
  public BuildPlan push() {
    this.output = new BuildOutput("image", null, Map.of("push", "true"));
    return this;
  }

  /**
   * Load the image into the Docker engine ({@code --load}: {@code type=docker}). On the engine
   * itself that is where a build goes anyway; on a {@link #buildkitHost BuildKit daemon} the image
   * comes back as a docker archive and is loaded into the {@link #engine engine}, where {@link
   * #expect} verifies it. Remove it afterwards with {@link DmsbEngine#removeImages}.
   */
  public BuildPlan load() {
    this.output = new BuildOutput("docker", null, Map.of());
    return this;
  }

  /**
   * Import build cache ({@code --cache-from}, buildx's syntax: {@code type=registry,ref=REF}, a
   * bare {@code REF}, or a cache folder {@code type=local,src=DIR[,digest=sha256:…|tag=T]}, which
   * the build serves to BuildKit as a content store); may be given several times.
   */
  public BuildPlan cacheFrom(String spec) {
    cacheFrom.add(cacheEntry(spec, false));
    return this;
  }

  /**
   * Export build cache ({@code --cache-to}, buildx's syntax: {@code
   * type=registry,ref=REF[,mode=max]}, {@code type=inline}, or an OCI layout folder {@code
   * type=local,dest=DIR[,mode=max][,tag=T]}, whose {@code index.json} names the cache by its tag,
   * {@code latest} unless given); may be given several times.
   */
  public BuildPlan cacheTo(String spec) {
    cacheTo.add(cacheEntry(spec, true));
    return this;
  }

  private static BuildCache.Entry cacheEntry(String spec, boolean to) {
    try {
      return BuildxSyntax.cache(Objects.requireNonNull(spec, "spec"), to);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          (to ? "cacheTo" : "cacheFrom") + "(\"" + spec + "\"): " + e.getMessage(), e);
    }
  }

  /** Build without the engine's cache ({@code --no-cache}). */
  public BuildPlan noCache() {
    this.noCache = true;
    return this;
  }

  /** Fetch fresh copies of external images ({@code --pull}). */
  public BuildPlan pull() {
    this.pull = true;
    return this;
  }

  /**
   * Verify the built image against the Dockerfile and these expectations (as {@link
   * VerifyPlan#expect} does for an image that exists); the result is {@link
   * BuiltImage#verification()}. A failed check does not fail the build: assert on the result.
   * {@code expect(VerifyExpectations.none())} verifies with no expectation beyond the attribution.
   */
  public BuildPlan expect(VerifyExpectations expectations) {
    this.expectations = Objects.requireNonNull(expectations, "expectations");
    return this;
  }

  /**
   * Verify the built image.
   *
   * @deprecated use {@link #expect(VerifyExpectations)}, the word {@link VerifyPlan} uses too;
   *     stays for one release
   */
  @Deprecated(since = "0.1.0")
  public BuildPlan verify(VerifyExpectations expectations) {
    return expect(expectations);
  }

  /**
   * Whether the verification reads the image's files (default true: needed for path assertions and
   * for finding files of other stages; costs one export of the image).
   */
  public BuildPlan readFiles(boolean read) {
    this.readFiles = read;
    return this;
  }

  /** Where progress and warnings go; default: nowhere. */
  public BuildPlan onEvent(Consumer<DmsbEvent> handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** The engine to build on; default: {@link DmsbEngine#fromEnvironment()}, closed afterwards. */
  public BuildPlan engine(DmsbEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    return this;
  }

  /**
   * Checks the Dockerfile, builds it, and verifies the image when {@link #expect} was called.
   *
   * @return the image
   * @throws DockerfileProblemException the Dockerfile is missing or has errors
   * @throws BuildFailureException the engine ran the build and it failed
   * @throws EngineUnavailableException no engine answers
   * @throws DmsbException the context cannot be read, or the engine refused
   */
  public BuiltImage build() throws DmsbException {
    return Interruptibly.onEngine("build", engine, handler, this::run);
  }

  private BuiltImage run(DmsbEngine dmsbEngine, Cancellation cancellation) throws DmsbException {
    Engine port = dmsbEngine.port();
    Path file = dockerfile != null ? dockerfile : context.resolve("Dockerfile");
    ContextPaths.check(context, dockerfile, file);
    BuildkitAddress daemon = HostBuild.daemon(buildkitHost, buildkitTls);
    BuildBackend kind =
        daemon != null ? BuildBackend.BUILDKIT : BackendChoice.resolve(backend, port);
    String name = DockerfileAnalysis.nameOf(file, context);
    // Podman's classic build API runs Buildah: lint with Buildah's stage rules there
    Semantics semantics =
        kind == BuildBackend.BUILDKIT
            ? Semantics.BUILDKIT
            : BackendChoice.onPodman(port) ? Semantics.BUILDAH : Semantics.LEGACY;
    DockerfileAnalysis df =
        DockerfileAnalysis.of(file, name, buildArgs, target, semantics, handler);
    StageGraph graph = df.graph();
    dev.dmsb.build.BuildPlan plan = dev.dmsb.build.BuildPlan.of(graph, true);
    BuildSpec spec =
        new BuildSpec(
            context,
            file,
            df.text(),
            tags,
            target,
            buildArgs,
            labels,
            noCache,
            pull,
            null,
            null,
            kind == BuildBackend.LEGACY ? BuilderChoice.LEGACY : BuilderChoice.BUILDKIT,
            plan.contextSources(),
            plan.externalImages(),
            dmsbEngine.credentials(),
            secrets,
            ssh.sources(),
            output,
            new BuildCache(cacheFrom, cacheTo));
    if (expectations != null) {
      ResultVerification.requireImage(output, daemon != null);
    }
    if (output != null && output.image() && tags.isEmpty() && !output.attrs().containsKey("name")) {
      throw new DmsbException("push() needs a tag(...) that names the image");
    }
    BuildResult result =
        HostBuild.build(daemon, port, spec, new EventTranslator(handler), cancellation, name);
    List<String> stageImages = result.stageImages();
    Optional<VerifyResult> verification = Optional.empty();
    if (expectations != null) {
      verification =
          Optional.of(
              ResultVerification.verify(
                  port,
                  output,
                  result,
                  Verification.chainOf(graph),
                  expectations,
                  readFiles,
                  name,
                  cancellation));
    }
    return new BuiltImage(
        result.imageId(), result.tags(), kind, df.diagnostics(), verification, stageImages);
  }
}
