package dev.dmsb.cli;

import dev.dmsb.build.BuildFailedException;
import dev.dmsb.build.BuildPlan;
import dev.dmsb.build.BuildResult;
import dev.dmsb.build.BuildSpec;
import dev.dmsb.build.BuilderChoice;
import dev.dmsb.build.ContextException;
import dev.dmsb.build.ImageBuild;
import dev.dmsb.build.ResultImage;
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
import dev.dmsb.engine.SecretSource;
import dev.dmsb.engine.SshSource;
import dev.dmsb.engine.config.RegistryCredentials;
import dev.dmsb.verify.VerifyReport;
import dev.dmsb.verify.VerifyRequest;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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

  @Mixin BuildOutputOptions outputs;

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

  /** A connection to a daemon named plainly that {@link Main} started before parsing, or null. */
  BuildHosts.Early earlyDaemon;

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
    BuildkitAddress daemon = buildkitOptions.address(engineOptions.env);
    // The engine is opened and pinged while the Dockerfile is read and checked; a build on a
    // BuildKit daemon needs it only to load the result into it.
    boolean engineNeeded = daemon == null || outputs.load;
    try (EngineWarmUp warmUp =
            engineNeeded
                ? EngineWarmUp.reuseOrStart(early, engineOptions)
                : EngineWarmUp.none(early, "the build runs on the BuildKit daemon " + daemon);
        SharedEngine engine = new SharedEngine(warmUp);
        BuildHosts.Early daemonHost =
            BuildHosts.Early.reuseOrStart(
                earlyDaemon, engineNeeded ? null : daemon, buildkitOptions.engineApi)) {
      return build(context, daemon, daemonHost, args, out, err, engine);
    } catch (UserError e) {
      // Its message may quote the engine, which may quote a build argument.
      throw new UserError(e.exitCode(), mask.apply(e.getMessage()));
    } finally {
      out.flush();
      err.flush();
    }
  }

  private Integer build(
      Path context,
      BuildkitAddress daemon,
      BuildHosts.Early earlyHost,
      Map<String, String> args,
      PrintWriter out,
      PrintWriter err,
      SharedEngine warmUp)
      throws Exception {
    Path dockerfile = BuildInputs.dockerfile(dockerfilePath);
    String text = BuildInputs.read(dockerfile, stdin);
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
    VerifyRequest verifyRequest = BuildVerification.request(verify, checks, lint);

    EngineOptions.Opened opened = warmUp.opensEngine() ? warmUp.handOver() : null;
    if (opened != null) {
      opened.warnings().forEach(w -> err.println("dmsb: warning: " + w));
    }
    text =
        checked.submittedText(
            BuildInputs.sentAsItsOwnFile(dockerfile, context),
            () -> daemon != null || buildKit(builder, opened),
            err);
    RegistryCredentials credentials = engineOptions.credentials();
    BuildOutput exported = OutputOption.of(outputs.output, outputs.push, outputs.load, tags);
    BuildSpec buildSpec =
        new BuildSpec(
                context,
                dockerfile,
                text,
                tags,
                target,
                args,
                BuildInputs.keyValues(labels, "--label"),
                noCache,
                pull,
                network,
                platform,
                builder,
                plan.contextSources(),
                plan.externalImages(),
                BuildInputs.lookup(credentials),
                secretSources,
                agents,
                exported)
            .withCache(CacheOption.of(outputs.cacheFrom, outputs.cacheTo));
    boolean filesOnly = exported != null && !exported.image() && !exported.type().equals("docker");
    if (filesOnly && iidFile != null) {
      throw new UserError(
          ExitCode.USAGE,
          "--output writes files, not an image: --iidfile needs an image; drop one");
    }
    if (targets.size() > 1 && (verifyRequest != null || iidFile != null)) {
      throw new UserError(
          ExitCode.USAGE,
          "--verify and --iidfile are for one target; several print TARGET ID lines");
    }
    if (verifyRequest != null) {
      ResultImage.missing(exported, daemon != null)
          .ifPresent(
              missing -> {
                throw new UserError(ExitCode.USAGE, BuildVerification.noImageToVerify(missing));
              });
    }

    ProgressRenderer renderer = quiet ? ProgressRenderer.none() : progress.open(err, terminal);
    Cancellation cancellation = Cancellation.create();
    try (CancelOnInterrupt interrupt = CancelOnInterrupt.cancelling(cancellation, "build");
        Engine engine = opened == null ? null : opened.engine();
        BuildHosts.Opened host =
            earlyHost != null
                ? earlyHost.take()
                : BuildHosts.open(daemon, engine, outputs.load, buildkitOptions.engineApi)) {
      if (targets.size() > 1) {
        List<BuildResult> results =
            new ImageBuild(host.host())
                .buildTargets(
                    TargetTags.specs(buildSpec, targets, tags),
                    BuildListener.warningsAnd(renderer, err, verbose),
                    cancellation);
        renderer.finish();
        err.flush();
        TargetTags.print(out, targets, results);
        return ExitCode.OK;
      }
      BuildResult result =
          new ImageBuild(host.host())
              .build(buildSpec, BuildListener.warningsAnd(renderer, err, verbose), cancellation);
      renderer.finish();
      if (result.imageId().isEmpty() && verifyRequest == null) {
        err.flush();
        return ExitCode.OK; // as the docker CLI: an exported build prints no image ID
      }
      if (!result.imageId().isEmpty()) {
        if (iidFile != null) {
          IidFile.write(iidFile, result.imageId());
        }
        err.flush();
        out.println(result.imageId());
        out.flush();
      }
      if (verifyRequest == null) {
        return ExitCode.OK;
      }
      VerifyReport report =
          BuildVerification.run(
              engine, verifyRequest, exported, result, engineOptions, cancellation);
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
}
