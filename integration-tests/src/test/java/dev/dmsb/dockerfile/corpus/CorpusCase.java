package dev.dmsb.dockerfile.corpus;

import dev.dmsb.dockerfile.graph.Semantics;
import dev.dmsb.engine.BuilderKind;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One Dockerfile of the stage-reference corpus ({@code src/test/resources/corpus/<name>/}) and what
 * is expected of it with each builder: what the engine does, and what dmsb's linter says.
 *
 * <p>A case folder holds {@code case.properties} and the build context (a {@code Dockerfile} and
 * any files it copies), or names one of the seed's Dockerfiles with {@code seed=<kind>} (then the
 * context is {@code examples/seed}). Keys of {@code case.properties}:
 *
 * <ul>
 *   <li>{@code about}: what the case shows
 *   <li>{@code target}: the {@code --target}, if any
 *   <li>{@code requires=registry}: needs the local registry on 127.0.0.1:5000 (skipped without)
 *   <li>{@code buildkit.engine} / {@code legacy.engine}: {@code builds}, or {@code fails: <a
 *       fragment of the engine's error message>}, on Docker 20.10; {@code buildkit.engine.NAME}
 *       where the engine NAME ({@link TestEngine#name()}) does otherwise. On an engine without its
 *       own line only builds-or-fails is checked: the message fragments are 20.10's
 *   <li>{@code buildah.engine}, {@code buildah.lint}, {@code buildah.difference}, {@code
 *       buildah.unsafe}: the same for Buildah 1.28 (Podman 4.3.1), linted with Buildah's rules
 *       ({@code Semantics.BUILDAH}); without {@code buildah.engine} or {@code buildah.lint} the
 *       case goes as with BuildKit. {@code buildah.gap}: why dmsb is clean where Buildah fails (a
 *       Buildah rule dmsb does not model)
 *   <li>{@code buildkit.lint} / {@code legacy.lint}: {@code clean}, or the ids of dmsb's error
 *       rules, separated by spaces (warnings and infos do not count)
 *   <li>{@code buildkit.difference} / {@code legacy.difference}: why dmsb reports an error where
 *       that builder builds (a deliberate difference: dmsb goes further than the engine)
 *   <li>{@code buildkit.unsafe} / {@code legacy.unsafe}: why the case must not be sent to that
 *       builder of the test engine (it would harm the engine); the engine column then records what
 *       was observed once, and the integration test skips it
 * </ul>
 *
 * @param name the folder name
 * @param about what the case shows
 * @param target the target stage, or null for the last one
 * @param needsRegistry whether the case pulls from the local registry
 * @param dockerfile the Dockerfile's text
 * @param context the build context's files, Dockerfile first
 * @param expected per builder
 */
record CorpusCase(
    String name,
    String about,
    String target,
    boolean needsRegistry,
    String dockerfile,
    Map<String, byte[]> context,
    Map<Builder, Expectation> expected) {

  /** The classpath folder of the corpus. */
  static final String ROOT = "corpus";

  /**
   * The builders, as the linter and the Engine API name them: Docker's two, and Buildah, which
   * Podman runs for every build.
   */
  enum Builder {
    BUILDKIT(Semantics.BUILDKIT, BuilderKind.BUILDKIT),
    LEGACY(Semantics.LEGACY, BuilderKind.LEGACY),
    BUILDAH(Semantics.BUILDAH, BuilderKind.BUILDAH);

    final Semantics semantics;
    final BuilderKind kind;

    Builder(Semantics semantics, BuilderKind kind) {
      this.semantics = semantics;
      this.kind = kind;
    }

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What one builder is expected to do with a case.
   *
   * @param builds whether the engine builds it
   * @param errorFragment a fragment of the engine's error message when it fails, else null
   * @param lintErrors dmsb's error rule ids (empty: clean)
   * @param difference why dmsb reports an error although the engine builds, or null
   * @param unsafe why the case is not sent to this builder, or null
   * @param gap why dmsb, with this builder's rules, is clean where the engine fails (a rule of the
   *     builder that dmsb does not model yet), or null
   */
  record Expectation(
      boolean builds,
      String errorFragment,
      Set<String> lintErrors,
      String difference,
      String unsafe,
      String gap) {
    Expectation {
      lintErrors = Set.copyOf(lintErrors);
    }

    String engineText() {
      return builds
          ? "builds"
          : "fails: " + (errorFragment == null ? "(any message)" : errorFragment);
    }

    String lintText() {
      return lintErrors.isEmpty() ? "clean" : String.join(" ", new TreeSet<>(lintErrors));
    }
  }

  @Override
  public String toString() {
    return name;
  }

  /** Every case of the corpus, by folder name. */
  static List<CorpusCase> all() {
    Path root = rootFolder();
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).sorted().map(CorpusCase::load).toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the corpus in " + root, e);
    }
  }

  private static Path rootFolder() {
    URL url = CorpusCase.class.getClassLoader().getResource(ROOT);
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IllegalStateException("the corpus folder is not on the test classpath: " + url);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(url.toString(), e);
    }
  }

  private static CorpusCase load(Path dir) {
    String name = dir.getFileName().toString();
    try {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(dir.resolve("case.properties"))) {
        p.load(r);
      }
      Map<String, byte[]> context = new LinkedHashMap<>();
      String seed = p.getProperty("seed");
      if (seed != null) {
        Path seedDir = seedFolder();
        context.put("Dockerfile", Files.readAllBytes(seedDir.resolve(seed + ".Dockerfile")));
        try (Stream<Path> files = Files.list(seedDir)) {
          for (Path f : files.filter(f -> !f.toString().endsWith(".Dockerfile")).toList()) {
            context.put(f.getFileName().toString(), Files.readAllBytes(f));
          }
        }
      } else {
        context.put("Dockerfile", Files.readAllBytes(dir.resolve("Dockerfile")));
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.sorted().toList()) {
            String file = f.getFileName().toString();
            if (!file.equals("Dockerfile") && !file.equals("case.properties")) {
              context.put(file, Files.readAllBytes(f));
            }
          }
        }
      }
      Map<Builder, Expectation> expected = new EnumMap<>(Builder.class);
      for (Builder b : Builder.values()) {
        expected.put(b, expectation(name, p, b));
      }
      String target = p.getProperty("target");
      return new CorpusCase(
          name,
          required(name, p, "about"),
          target == null || target.isBlank() ? null : target.strip(),
          "registry".equals(p.getProperty("requires")),
          new String(context.get("Dockerfile"), StandardCharsets.UTF_8),
          context,
          expected);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read corpus case " + dir, e);
    }
  }

  private static Expectation expectation(String name, Properties p, Builder b) {
    // What the engine under test does: its own line where it differs from Docker 20.10's
    String own = optional(p, b.key() + ".engine." + TestEngine.name());
    if (b == Builder.BUILDAH) {
      // Buildah 1.28 (Podman 4.3.1); a case without its own line fails or builds as BuildKit's
      own = optional(p, "buildah.engine");
    }
    String engine =
        own != null
            ? own
            : required(name, p, (b == Builder.BUILDAH ? "buildkit" : b.key()) + ".engine");
    boolean builds;
    String fragment = null;
    if (engine.equals("builds")) {
      builds = true;
    } else if (engine.startsWith("fails:") && !engine.substring(6).isBlank()) {
      builds = false;
      fragment = engine.substring(6).strip();
      if (own == null && (b == Builder.BUILDAH || !TestEngine.name().equals("docker20"))) {
        fragment = null; // the message is 20.10's: another engine words it its own way
      }
    } else {
      throw new IllegalStateException(
          name + ": " + b.key() + ".engine must be 'builds' or 'fails: <message fragment>'");
    }
    // Buildah's rules lint as BuildKit's where the case says nothing else
    String lint =
        b == Builder.BUILDAH && optional(p, "buildah.lint") == null
            ? required(name, p, "buildkit.lint")
            : required(name, p, b.key() + ".lint");
    Set<String> errors =
        lint.equals("clean") ? Set.of() : new TreeSet<>(Arrays.asList(lint.strip().split("\\s+")));
    return new Expectation(
        builds,
        fragment,
        errors,
        optional(p, b.key() + ".difference"),
        Optional.ofNullable(optional(p, b.key() + ".unsafe." + TestEngine.name()))
            .orElse(optional(p, b.key() + ".unsafe")),
        optional(p, b.key() + ".gap"));
  }

  private static String optional(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static String required(String name, Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(name + "/case.properties lacks '" + key + "'");
    }
    return v.strip();
  }

  private static Path seedFolder() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path seed = dir.resolve("examples/seed");
      if (Files.isDirectory(seed)) {
        return seed;
      }
    }
    throw new IllegalStateException(
        "examples/seed not found above " + Path.of("").toAbsolutePath());
  }
}
