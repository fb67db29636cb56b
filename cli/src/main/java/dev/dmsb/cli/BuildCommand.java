package dev.dmsb.cli;

import dev.dmsb.build.BuildFailedException;
import dev.dmsb.build.BuildPlan;
import dev.dmsb.build.BuildProgress;
import dev.dmsb.build.BuildResult;
import dev.dmsb.build.BuildSpec;
import dev.dmsb.build.BuilderChoice;
import dev.dmsb.build.ContextException;
import dev.dmsb.build.ImageBuild;
import dev.dmsb.buildkit.BuildkitAddress;
import dev.dmsb.cli.progress.ProgressRenderer;
import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.graph.GraphOptions;
import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.OperationCancelledException;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.SecretSource;
import dev.dmsb.engine.SshSource;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.RegistryCredentials;
import dev.dmsb.verify.ExpectedChains;
import dev.dmsb.verify.VerifyException;
import dev.dmsb.verify.VerifyReport;
import dev.dmsb.verify.VerifyRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dmsb build}: checks the Dockerfile, then builds it on the engine with a streamed, pruned
 * context. Progress goes to stderr, the image ID to stdout.
 */
@Command(
    name = "build",
    description = {
      "Check a Dockerfile, then build it on the engine like 'docker build'.",
      "Only the files COPY/ADD of the stages to build can use are sent (after .dockerignore).",
      "Progress goes to stderr; the full image ID (sha256:...) to stdout."
    },
    footer = ExitCode.HELP,
    sortOptions = false,
    mixinStandardHelpOptions = true)
final class BuildCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin EngineOptions engineOptions;

  @Mixin DockerfilePath dockerfilePath;

  @Mixin CheckOptions lintChecks;

  @Option(
      names = {"-t", "--tag"},
      paramLabel = "NAME[:TAG]",
      description = "Tag the image (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set a label (repeatable).")
  List<String> labels = new ArrayList<>();

  @Option(names = "--no-cache", description = "Don't use the build cache.")
  boolean noCache;

  @Option(names = "--pull", description = "Pull fresh copies of the images used.")
  boolean pull;

  @Option(names = "--network", paramLabel = "MODE", description = "Network mode for RUN.")
  String network;

  @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Target platform.")
  String platform;

  @Option(
      names = "--iidfile",
      paramLabel = "FILE",
      description = "Write the image ID to FILE (only when the build succeeds).")
  Path iidFile;

  @Option(
      names = "--secret",
      paramLabel = "id=ID[,src=PATH|,env=VAR]",
      description =
          "A secret for RUN --mount=type=secret (repeatable), read from a file or a variable"
              + " when the build asks for it; never stored in the image.")
  List<String> secrets = new ArrayList<>();

  @Option(
      names = "--ssh",
      paramLabel = "default|ID[=SOCKET|KEY[,KEY]]",
      description =
          "An SSH agent for RUN --mount=type=ssh (repeatable): default is SSH_AUTH_SOCK's;"
              + " key files are served by dmsb's own agent (a passphrase is asked on the"
              + " terminal).")
  List<String> ssh = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "type=TYPE,...|DIR",
      description =
          "Where the result goes instead of the image store (BuildKit): type=local,dest=DIR,"
              + " type=tar,dest=FILE, type=oci|docker,dest=FILE (an OCI layout folder with"
              + " dest=DIR,tar=false), type=image,name=REF,push=true.")
  String output;

  @Option(names = "--push", description = "Push the image named by -t (type=image,push=true).")
  boolean push;

  @Option(
      names = "--load",
      description = "Load the image into the Docker engine (the default on the engine itself).")
  boolean load;

  @Option(
      names = "--cache-from",
      paramLabel = "type=registry,ref=REF",
      description =
          "Import build cache (repeatable): type=registry,ref=REF,"
              + " type=local,src=DIR[,digest=sha256:…|tag=T].")
  List<String> cacheFrom = new ArrayList<>();

  @Option(
      names = "--cache-to",
      paramLabel = "type=registry,ref=REF[,mode=max]|type=inline",
      description =
          "Export build cache (repeatable): type=registry,ref=REF[,mode=max], type=inline,"
              + " type=local,dest=DIR[,mode=max][,compression=gzip|zstd|…].")
  List<String> cacheTo = new ArrayList<>();

  @Mixin BuildkitOptions buildkitOptions;

  @Option(
      names = {"-v", "--verbose"},
      description = "Say how the build reaches the engine (BuildKit session or upload).")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      description = "Show no progress; print only the image ID.")
  boolean quiet;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      description = "auto, tty, plain or json (default: ${DEFAULT-VALUE}).",
      converter = ProgressModeConverter.class)
  ProgressRenderer.Mode progress = ProgressRenderer.Mode.AUTO;

  @Option(
      names = "--no-prune-context",
      description = "Send the whole context (after .dockerignore), not only what COPY/ADD use.")
  boolean noPruneContext;

  @Option(
      names = "--verify",
      description =
          "Check the image after building it, as 'dmsb verify -f' does: only the base and the"
              + " final stage's chain (implied by the check options below).")
  boolean verify;

  @Mixin VerifyChecks checks;

  /** A warm-up of the default engine that {@link Main} started before parsing, or null. */
  EngineWarmUp early;

  /** Standard input, for {@code -f -}; tests replace it. */
  InputStream stdin = System.in;

  /** Whether stderr is a terminal, for {@code --progress auto}. */
  boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));

  @Override
  public Integer call() throws Exception {
    Path context = dockerfilePath.contextDir();
    Path given = dockerfilePath.pathGiven();
    if (given != null && !Files.exists(given) || !Files.isDirectory(context)) {
      throw new UserError(
          ExitCode.USAGE,
          "build context "
              + (given == null ? context : given)
              + " is not a folder; give a folder"
              + " as PATH");
    }
    Map<String, String> args = dockerfilePath.options().buildArgs();
    SecretMask mask = SecretMask.of(args);
    PrintWriter out = mask.wrap(spec.commandLine().getOut());
    PrintWriter err = mask.wrap(spec.commandLine().getErr());
    // The engine is opened and pinged while the Dockerfile is read and checked.
    try (EngineWarmUp warmUp = EngineWarmUp.reuseOrStart(early, engineOptions);
        SharedEngine engine = new SharedEngine(warmUp)) {
      return build(context, args, out, err, engine);
    } catch (UserError e) {
      // Its message may quote the engine, which may quote a build argument.
      throw new UserError(e.exitCode(), mask.apply(e.getMessage()));
    } finally {
      out.flush();
      err.flush();
    }
  }

  private Integer build(
      Path context, Map<String, String> args, PrintWriter out, PrintWriter err, SharedEngine warmUp)
      throws Exception {
    Path dockerfile = dockerfilePath(context);
    BuildkitAddress daemon = buildkitOptions.address(engineOptions.env);
    String text = readDockerfile(dockerfile);
    List<String> targets = dockerfilePath.options().targets();
    String target = targets.size() == 1 ? targets.get(0) : null;
    BuilderChoice builder = dockerfilePath.options().builderChoice();
    String displayName = dockerfile == null ? "Dockerfile (stdin)" : dockerfile.toString();

    // Check first: errors stop the build before a byte is sent, unless the canonical rewrite
    // (stage indices and differently-cased names written as the stage's name) mends them.
    List<SecretSource> secretSources = secrets.stream().map(SecretOption::parse).toList();
    List<SshSource> agents = ssh.stream().map(SshOption::parse).toList();
    GraphOptions graphOptions = dockerfilePath.options().graphOptions();
    if (daemon == null
        && builder != BuilderChoice.BUILDKIT
        && graphOptions.semantics() != Semantics.BUILDAH
        && warmUp.isPodman()) {
      // Podman builds with Buildah whatever the classic build API is asked: lint with its rules
      graphOptions =
          new GraphOptions(graphOptions.buildArgs(), graphOptions.target(), Semantics.BUILDAH);
    }
    LintOptions lintOptions =
        new LintOptions(graphOptions.withPlatform(platform))
            .withChecks(lintChecks.config())
            .withIgnore(LintContext.ignoreOf(context, dockerfile))
            .forBuild(
                secretSources.stream().map(SecretSource::id).collect(Collectors.toSet()),
                agents.stream().map(SshSource::id).collect(Collectors.toSet()));
    CheckedDockerfile checked;
    // BuildKit resolves every base image's config anyway: the lint reads them first, likewise
    try (LintImages images =
        new LintImages(() -> warmUp.forLookups().engine(), false, engineOptions::credentials)) {
      checked =
          CheckedDockerfile.check(
              displayName, text, lintOptions.withImages(images.images()), terminal, err);
    }
    if (checked.hasErrors()) {
      err.println("dmsb: the Dockerfile has errors; nothing was built");
      err.flush();
      return ExitCode.CHECK_FAILED;
    }
    LintResult lint = checked.lint();
    // Several targets share one session: it offers the whole context (after .dockerignore).
    BuildPlan plan =
        lint.graph()
            .map(g -> BuildPlan.of(g, !noPruneContext && targets.size() < 2))
            .orElse(new BuildPlan(java.util.Optional.empty(), List.of()));
    VerifyRequest verifyRequest = verifyRequest(lint);

    EngineOptions.Opened opened = warmUp.handOver();
    opened.warnings().forEach(w -> err.println("dmsb: warning: " + w));
    text =
        checked.submittedText(
            sentAsItsOwnFile(dockerfile, context),
            () -> daemon != null || buildKit(builder, opened),
            err);
    RegistryCredentials credentials = engineOptions.credentials();
    BuildOutput exported = OutputOption.of(output, push, load, tags);
    BuildSpec buildSpec =
        new BuildSpec(
                context,
                dockerfile,
                text,
                tags,
                target,
                args,
                keyValues(labels, "--label"),
                noCache,
                pull,
                network,
                platform,
                builder,
                plan.contextSources(),
                plan.externalImages(),
                lookup(credentials),
                secretSources,
                agents,
                exported)
            .withCache(CacheOption.of(cacheFrom, cacheTo));
    boolean filesOnly = exported != null && !exported.image() && !exported.type().equals("docker");
    if (filesOnly && (verifyRequest != null || iidFile != null)) {
      throw new UserError(
          ExitCode.USAGE,
          "--output writes files, not an image: --verify and --iidfile need an image; drop one");
    }
    if (targets.size() > 1 && (verifyRequest != null || iidFile != null)) {
      throw new UserError(
          ExitCode.USAGE,
          "--verify and --iidfile are for one target; several print TARGET ID lines");
    }
    if (daemon != null && verifyRequest != null) {
      throw new UserError(
          ExitCode.USAGE,
          "--verify reads the image from the Docker engine; after a build on a BuildKit daemon,"
              + " verify the pushed image with dmsb verify docker://REF");
    }

    ProgressRenderer renderer = quiet ? ProgressRenderer.none() : progress.open(err, terminal);
    Cancellation cancellation = Cancellation.create();
    try (CancelOnInterrupt interrupt = CancelOnInterrupt.cancelling(cancellation, "build");
        Engine engine = opened.engine();
        BuildHosts.Opened host = BuildHosts.open(daemon, engine, load, buildkitOptions.engineApi)) {
      if (targets.size() > 1) {
        List<BuildResult> results =
            new ImageBuild(host.host())
                .buildTargets(
                    TargetTags.specs(buildSpec, targets, tags),
                    warningsAnd(renderer, err, verbose),
                    cancellation);
        renderer.finish();
        err.flush();
        TargetTags.print(out, targets, results);
        return ExitCode.OK;
      }
      BuildResult result =
          new ImageBuild(host.host())
              .build(buildSpec, warningsAnd(renderer, err, verbose), cancellation);
      renderer.finish();
      if (result.imageId().isEmpty()) {
        err.flush();
        return ExitCode.OK; // as the docker CLI: an exported build prints no image ID
      }
      if (iidFile != null) {
        IidFile.write(iidFile, result.imageId());
      }
      err.flush();
      out.println(result.imageId());
      out.flush();
      if (verifyRequest == null) {
        return ExitCode.OK;
      }
      VerifyReport report =
          VerifyCommand.verifyOn(
              engine,
              forImage(verifyRequest, result.imageId()).withStageImages(result.stageImages()),
              result.imageId(),
              cancellation);
      // The image ID is the result on stdout; the check's report goes with the progress.
      VerifyFormat.text.render(report, displayName, err);
      err.flush();
      return report.passed() ? ExitCode.OK : ExitCode.CHECK_FAILED;
    } catch (BuildFailedException e) {
      renderer.finish();
      BuildFailureReport.write(err, displayName, e);
      return ExitCode.CHECK_FAILED;
    } catch (ContextException e) {
      renderer.finish();
      err.println("dmsb: " + e.getMessage());
      err.flush();
      return ExitCode.CHECK_FAILED;
    } catch (OperationCancelledException e) {
      renderer.finish();
      err.println("dmsb: build cancelled");
      err.flush();
      return ExitCode.INTERRUPTED;
    } catch (EngineUnreachableException e) {
      renderer.finish();
      throw e;
    } catch (EngineException e) {
      renderer.finish();
      // A BuildKit daemon's refusals (TLS, the address) say who refused already.
      err.println(
          "dmsb: " + (daemon != null ? "" : "the engine refused the build: ") + e.getMessage());
      err.flush();
      return ExitCode.CHECK_FAILED;
    }
  }

  /** Whether the Dockerfile is a file inside the context, which is sent under its own name. */
  private static boolean sentAsItsOwnFile(Path dockerfile, Path context) {
    return dockerfile != null
        && dockerfile.toAbsolutePath().normalize().startsWith(context.toAbsolutePath().normalize());
  }

  /**
   * Whether the build will use BuildKit, as the build decides it (the engine's early ping answers);
   * unknown (the engine failed to answer, or refuses the choice) counts as no, and the build then
   * reports the failure itself.
   */
  private static boolean buildKit(BuilderChoice choice, EngineOptions.Opened opened) {
    try {
      return new ImageBuild(opened.engine()).builderFor(choice) == BuilderKind.BUILDKIT;
    } catch (EngineException e) {
      return false;
    }
  }

  /**
   * The verification {@code --verify} (or a check option) asks for, against the chain of the stage
   * graph just linted, or null. Made before the build so that a bad option stops it early.
   */
  private VerifyRequest verifyRequest(LintResult lint) {
    if (!verify && !checks.anyGiven()) {
      return null;
    }
    VerifyRequest request = VerifyRequest.of("the built image");
    if (lint.graph().isPresent()) {
      try {
        request = request.withExpected(ExpectedChains.of(lint.graph().get()));
      } catch (VerifyException e) {
        throw new UserError(ExitCode.USAGE, "--verify: " + e.getMessage());
      }
    }
    return checks.applyTo(request);
  }

  private static VerifyRequest forImage(VerifyRequest r, String image) {
    return new VerifyRequest(
        image,
        r.expected(),
        r.expectedLayers(),
        r.maxSizeBytes(),
        r.forbiddenGlobs(),
        r.strict(),
        r.scanFiles(),
        r.stageImages());
  }

  /** The Dockerfile: null for {@code -f -} (stdin), else {@code -f}, PATH or PATH/Dockerfile. */
  private Path dockerfilePath(Path context) {
    if (dockerfilePath.options().dockerfileFromStdin()) {
      return null;
    }
    Path p = dockerfilePath.dockerfile();
    if (!Files.isRegularFile(p)) {
      throw new UserError(
          ExitCode.USAGE,
          "Dockerfile " + p + " not found; pass its path with -f (or -f - to read stdin)");
    }
    return p;
  }

  private String readDockerfile(Path dockerfile) {
    try {
      if (dockerfile == null) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(dockerfile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(
          ExitCode.USAGE,
          "can't read the Dockerfile "
              + (dockerfile == null ? "from stdin" : dockerfile.toString())
              + ": "
              + e.getMessage());
    }
  }

  private static Map<String, String> keyValues(List<String> items, String flag) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        map.put(item, "");
      } else {
        map.put(item.substring(0, eq), item.substring(eq + 1));
      }
    }
    return map;
  }

  /** The renderer, and the build's warnings on {@code err} whatever the progress mode. */
  private static Consumer<BuildProgress> warningsAnd(
      ProgressRenderer renderer, PrintWriter err, boolean verbose) {
    return p -> {
      if (p instanceof BuildProgress.Warning w) {
        err.println("dmsb: warning: " + w.message());
        err.flush();
      } else if (p instanceof BuildProgress.Transport t && verbose) {
        err.println("dmsb: " + t.description());
        err.flush();
      }
      renderer.accept(p);
    };
  }

  private static Function<String, RegistryAuth> lookup(RegistryCredentials credentials) {
    return registry -> {
      try {
        return credentials.forRegistry(registry).orElse(null);
      } catch (EngineConfigException e) {
        throw new UserError(ExitCode.USAGE, e.getMessage());
      }
    };
  }
}
