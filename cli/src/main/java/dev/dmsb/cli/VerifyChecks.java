package dev.dmsb.cli;

import dev.dmsb.verify.ByteSize;
import dev.dmsb.verify.Glob;
import dev.dmsb.verify.VerifyRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The checks of {@code dmsb verify}, shared by {@code dmsb build --verify} so that both commands
 * take the same options and check the same way. Use with {@code @Mixin}.
 */
final class VerifyChecks {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--expect-layers",
      paramLabel = "N",
      description =
          "Number of filesystem layers the image must have, base included (RootFS.Layers, as"
              + " docker inspect counts them).")
  Integer expectLayers;

  @Option(
      names = "--max-size",
      paramLabel = "SIZE",
      description = "Largest acceptable image size: bytes, or 10MB, 512kB, 1.5GiB.")
  String maxSize;

  @Option(
      names = "--forbid",
      paramLabel = "GLOB",
      description =
          "Path that must not be in the image (repeatable): /root/.ssh, **/*.pem, *.key. Reads"
              + " the image's files.")
  List<String> forbid = new ArrayList<>();

  @Option(
      names = "--scan-files",
      description =
          "Read the image's files and report files that only non-final stages created"
              + " (implied by --forbid).")
  boolean scanFiles;

  @Option(names = "--strict", description = "A shipped builder stage is an error, not a warning.")
  boolean strict;

  /** Whether any check option was given. */
  boolean anyGiven() {
    return expectLayers != null || maxSize != null || !forbid.isEmpty() || scanFiles || strict;
  }

  /** {@code request} with the checks asked for; a malformed value is a usage error (exit 2). */
  VerifyRequest applyTo(VerifyRequest request) {
    request = request.withStrict(strict).withFileScan(scanFiles);
    if (expectLayers != null) {
      if (expectLayers < 0) {
        throw new ParameterException(
            spec.commandLine(), "--expect-layers must be 0 or more, not " + expectLayers);
      }
      request = request.withExpectedLayers(expectLayers);
    }
    if (maxSize != null) {
      try {
        request = request.withMaxSize(ByteSize.parse(maxSize));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--max-size: " + e.getMessage());
      }
    }
    for (String glob : forbid) {
      try {
        Glob.compile(glob);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--forbid: " + e.getMessage());
      }
    }
    return request.withForbidden(forbid);
  }
}
