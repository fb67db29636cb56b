package dev.dmsb.cli;

import dev.dmsb.dockerfile.check.LintOptions;
import dev.dmsb.dockerfile.check.LintResult;
import dev.dmsb.dockerfile.check.Linter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dmsb lint}: checks a Dockerfile's stages and references before the engine sees it. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = "Check a Dockerfile: syntax, stage names, every stage reference, the target.",
    footer = ExitCode.HELP)
final class LintCommand implements Callable<Integer> {
  enum Format {
    text,
    json,
    sarif
  }

  @Spec CommandSpec spec;

  @Mixin DockerfilePath dockerfile;

  @Mixin CheckOptions checks;

  @Option(
      names = "--format",
      paramLabel = "text|json|sarif",
      description = "Output format (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  Format format;

  @Option(names = "--no-color", description = "No ANSI colors in text output.")
  boolean noColor;

  @Option(
      names = "--resolve-images",
      description =
          "Read each base image's config, as docker build --check does, for"
              + " InvalidBaseImagePlatform and UndefinedVar (the image's ENV and ONBUILD): from the"
              + " engine (-H, DOCKER_HOST, --context) when it holds the image, else from its"
              + " registry. Without it lint reads nothing but the files. An image that cannot be"
              + " read in time is a note (BaseImageUnread), never a failure.")
  boolean resolveImages;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH[/VARIANT]",
      description =
          "The build's target platform (TARGETPLATFORM, and the platform base images must have;"
              + " default: this machine's).")
  String platform;

  @Mixin EngineOptions engineOptions;

  @Override
  public Integer call() throws Exception {
    if (platform != null && !platform.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+){0,2}")) {
      throw new ParameterException(
          spec.commandLine(),
          "--platform " + platform + ": give OS/ARCH[/VARIANT], e.g. linux/arm64");
    }
    String text = dockerfile.readDockerfile();
    LintOptions options =
        new LintOptions(dockerfile.options().graphOptions().withPlatform(platform))
            .withChecks(checks.config())
            .withIgnore(LintContext.ignoreOf(dockerfile.contextDir(), dockerfile.dockerfile()));
    LintResult result;
    if (resolveImages) {
      try (LintImages lookup =
          new LintImages(() -> engineOptions.open().engine(), true, engineOptions::credentials)) {
        result = Linter.lint(dockerfile.displayName(), text, options.withImages(lookup.images()));
      }
    } else {
      result = Linter.lint(dockerfile.displayName(), text, options);
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case json -> new JsonReport().write(result, out);
      case sarif ->
          new SarifReport(new VersionProvider().getVersion()[0].replace("dmsb ", ""))
              .write(result, out);
      default -> {
        TextReport.forTerminal(!noColor && System.console() != null).write(result, out);
      }
    }
    return result.hasErrors() ? ExitCode.CHECK_FAILED : ExitCode.OK;
  }
}
