package dev.dmsb.build;

import dev.dmsb.engine.BuilderKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The context of a build uploaded as an archive (no session): its ignore rules, the files always
 * sent, pruning, where the Dockerfile goes in it, and the warning when BuildKit can copy that
 * Dockerfile into the image (see {@link ImageBuild} for why).
 */
final class ContextUpload {
  private ContextUpload() {}

  /** The ignore rules of {@code spec}'s context for its Dockerfile. */
  static DockerIgnore ignoreRulesFor(BuildSpec spec) throws ContextException {
    Path root = spec.context().toAbsolutePath().normalize();
    Path dockerfile =
        spec.dockerfile() == null ? null : spec.dockerfile().toAbsolutePath().normalize();
    return DockerIgnore.load(root, dockerfile);
  }

  /**
   * The context stream of {@code spec} for {@code builder}, with the Dockerfile under {@code
   * dockerfileName} when it is not a file inside the context.
   */
  static ContextStream stream(
      BuildSpec spec, String dockerfileName, DockerIgnore ignore, BuilderKind builder)
      throws ContextException {
    Path root = spec.context().toAbsolutePath().normalize();
    Path dockerfile =
        spec.dockerfile() == null ? null : spec.dockerfile().toAbsolutePath().normalize();
    List<String> always = new ArrayList<>();
    if (dockerfile != null && dockerfile.startsWith(root)) {
      always.add(slashed(root.relativize(dockerfile)));
    }
    Path ignoreFile = DockerIgnore.ignoreFileFor(root, dockerfile);
    // The legacy builder drops the Dockerfile and the ignore file if the archive's .dockerignore
    // names them, as the CLI always sends both; BuildKit reads no .dockerignore from an archive,
    // so there it is an ordinary file: sent if its rules and the sources keep it.
    if (builder.classicApi()
        && ignoreFile != null
        && ignoreFile.toAbsolutePath().normalize().startsWith(root)) {
      always.add(slashed(root.relativize(ignoreFile.toAbsolutePath().normalize())));
    }
    ContextSelection selection =
        spec.contextSources().isPresent()
            ? ContextSelection.only(spec.contextSources().get())
            : ContextSelection.everything();
    ContextStream stream = ContextStream.of(root, ignore, always, selection, true);
    boolean inContextUnderItsName =
        dockerfile != null
            && dockerfile.startsWith(root)
            && slashed(root.relativize(dockerfile)).equals(dockerfileName);
    if (!inContextUnderItsName) {
      // Read from stdin, kept outside the context, or rewritten: a copy goes first.
      stream =
          stream.withExtraFile(
              dockerfileName, spec.dockerfileText().getBytes(StandardCharsets.UTF_8));
      if (builder.classicApi()) {
        stream = stream.withDockerfileIgnored(dockerfileName);
      }
    } else if (ContextStream.startsPlain(dockerfileName)) {
      // BuildKit sniffs the first 1024 bytes for a tar header: the Dockerfile's is plain ustar.
      stream = stream.withFirst(dockerfileName);
    } else if (builder == BuilderKind.BUILDKIT) {
      stream = stream.withFolderFirst(); // its own header would be PAX; the folder's is not
    }
    return stream;
  }

  /**
   * Whether the Dockerfile file holds {@code spec}'s text; when the caller rewrote it, the text is
   * sent under a generated name instead.
   */
  private static boolean sendsFileAsWritten(BuildSpec spec) {
    try {
      return Files.readString(spec.dockerfile(), StandardCharsets.UTF_8)
          .equals(spec.dockerfileText());
    } catch (IOException | java.io.UncheckedIOException e) {
      return true; // unreadable here: the context stream reports it when it reads the file
    }
  }

  /** {@link ImageBuild#dockerfileNameIn(BuildSpec)}. */
  static String dockerfileNameIn(BuildSpec spec) {
    Path root = spec.context().toAbsolutePath().normalize();
    if (spec.dockerfile() != null && sendsFileAsWritten(spec)) {
      Path df = spec.dockerfile().toAbsolutePath().normalize();
      if (df.startsWith(root)) {
        return slashed(root.relativize(df));
      }
    }
    // Named by its content, not at random as the docker CLI does: where BuildKit copies it into
    // the image (COPY .), the same Dockerfile gives the same file, so the step stays cached.
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(spec.dockerfileText().getBytes(StandardCharsets.UTF_8));
      return ".dockerfile." + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * What BuildKit will copy into the image that the docker CLI keeps out: the Dockerfile sent under
   * {@code dockerfileName} (generated, or excluded by the ignore rules) when a COPY/ADD source of
   * the build can match it; null when none can.
   */
  static String copiedDockerfile(BuildSpec spec, String name, DockerIgnore ignore)
      throws ContextException {
    Path root = spec.context().toAbsolutePath().normalize();
    Path dockerfile =
        spec.dockerfile() == null ? null : spec.dockerfile().toAbsolutePath().normalize();
    String what;
    String otherwise;
    if (dockerfile == null) {
      what = "the Dockerfile read from stdin, as " + name;
      otherwise = ", or keep the Dockerfile in the context,";
    } else if (!dockerfile.startsWith(root)) {
      what = "the Dockerfile kept outside the context, as " + name;
      otherwise = ", or keep the Dockerfile in the context,";
    } else if (!slashed(root.relativize(dockerfile)).equals(name)) {
      what = "the rewritten Dockerfile dmsb submits, as " + name;
      otherwise = ", or write the rewrite to the file first (dmsb rewrite -i),";
    } else if (ignore.excludes(name)) {
      what = name + ", which " + ignore.source() + " excludes";
      otherwise = "";
    } else {
      return null;
    }
    boolean known = spec.contextSources().isPresent();
    if (known
        && ContextSelection.only(spec.contextSources().get()).decide(name, false)
            != ContextSelection.Decision.INCLUDE) {
      return null;
    }
    return "BuildKit reads the Dockerfile from the context archive, where COPY/ADD can copy it:"
        + " the image "
        + (known ? "will hold " : "may hold ")
        + what
        + " (the docker CLI keeps it out through a BuildKit session, which an archive upload has"
        + " not); build with --builder legacy"
        + otherwise
        + " to leave it out";
  }

  private static String slashed(Path relative) {
    return relative.toString().replace('\\', '/');
  }
}
