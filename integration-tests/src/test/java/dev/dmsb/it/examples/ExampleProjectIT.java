package dev.dmsb.it.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.testcontainers.ImageFromDmsb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Builds and tests {@code examples/testcontainers} the way a user's project is built: its own pom,
 * {@code mvn verify}, and dmsb's artifacts taken from a local repository, not from this reactor.
 * The artifacts this build just made (dmsb-parent's pom, dmsb-core's and dmsb-testcontainers' jars
 * and poms) are laid out in a private repository under {@code target/}, chained to the build's own
 * local repository as a read-only tail ({@code maven.repo.local.tail}, Maven 3.9), so nothing is
 * written to {@code ~/.m2}; offline (when this build is), everything else comes from what this
 * build resolved.
 */
class ExampleProjectIT {
  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  static final Path EXAMPLE = Path.of("../examples/testcontainers");
  static final Path WORK = Path.of("target/example-project").toAbsolutePath();
  static final Path REPO = Path.of("target/example-repo").toAbsolutePath();
  static final String VERSION = "0.1.0-SNAPSHOT";

  @Test
  void theExampleProjectBuildsAndItsTestsPassAgainstTheInstalledArtifacts() throws Exception {
    deleteTree(REPO);
    deleteTree(WORK);
    install("dmsb-parent", null, Path.of("../pom.xml"));
    install("dmsb-core", classesOf(Dmsb.class), Path.of("../core/pom.xml"));
    install(
        "dmsb-testcontainers",
        classesOf(ImageFromDmsb.class),
        Path.of("../testcontainers/pom.xml"));
    copyTree(EXAMPLE, WORK);

    Path log = WORK.resolveSibling("example-project.log");
    int exit = maven(log, "verify");
    String output = Files.readString(log);
    assertThat(exit).as("mvn verify of the example; its output:\n%s", tail(output)).isZero();

    int tests = 0;
    int failed = 0;
    try (Stream<Path> reports = Files.list(WORK.resolve("target/surefire-reports"))) {
      for (Path r : reports.filter(p -> p.getFileName().toString().startsWith("TEST-")).toList()) {
        String head = Files.readString(r).lines().limit(3).reduce("", String::concat);
        tests += attribute(head, "tests");
        failed += attribute(head, "failures") + attribute(head, "errors");
      }
    }
    assertThat(failed).isZero();
    assertThat(tests).as("tests the example ran").isGreaterThanOrEqualTo(6);
    assertThat(Files.exists(WORK.resolve("target/dmsb-testcontainers-example-1.0-SNAPSHOT.jar")))
        .isTrue();

    try (DmsbEngine docker = DmsbEngine.fromEnvironment()) {
      assertThat(docker.hasImage("example-app:test")).isFalse();
      assertThat(docker.hasImage("example-app:annotated")).isFalse();
      // StartedByHandTest's container outlived its class; with the JVM it went, and then the image
      assertThat(docker.hasImage("example-app:by-hand")).isFalse();
    }
  }

  private static int attribute(String xml, String name) {
    Matcher m = Pattern.compile("\\s" + name + "=\"(\\d+)\"").matcher(xml);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** Runs Maven (this build's own installation) on the copied example. */
  private static int maven(Path log, String... goals) throws Exception {
    String home = System.getProperty("maven.home");
    String tailRepo = System.getProperty("dmsb.localRepository");
    assertThat(home).as("maven.home (set by the failsafe configuration)").isNotBlank();
    assertThat(tailRepo)
        .as("dmsb.localRepository (set by the failsafe configuration)")
        .isNotBlank();
    List<String> command = new ArrayList<>();
    command.add(Path.of(home, "bin", "mvn").toString());
    // Offline when this build is (everything the example needs, this build resolved); online,
    // what is missing is downloaded into the private repository, never into ~/.m2.
    if (!System.getProperty("dmsb.offline", "offline=true").equals("offline=false")) {
      command.add("-o");
    }
    command.addAll(
        List.of(
            "-B",
            "-ntp",
            "-f",
            WORK.resolve("pom.xml").toString(),
            "-Dmaven.repo.local=" + REPO,
            "-Dmaven.repo.local.tail=" + tailRepo));
    command.addAll(List.of(goals));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(WORK.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putIfAbsent("TESTCONTAINERS_RYUK_DISABLED", "true");
    pb.environment().putIfAbsent("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
    pb.environment().remove("MAVEN_ARGS");
    Process p = pb.start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("mvn did not end within 20 minutes; see " + log);
    }
    return p.exitValue();
  }

  /** The jar a class came from; a classes folder (an IDE's run) is packed into one first. */
  private static Path classesOf(Class<?> type) throws Exception {
    Path where = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isRegularFile(where)) {
      return where;
    }
    Path jar = Files.createTempFile(WORK.getParent(), "classes-", ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(where)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(where.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  /** Lays out an artifact as {@code mvn install} would, in the private repository. */
  private static void install(String artifact, Path jar, Path pom) throws IOException {
    Path dir = REPO.resolve("dev/dmsb").resolve(artifact).resolve(VERSION);
    Files.createDirectories(dir);
    Files.copy(pom, dir.resolve(artifact + "-" + VERSION + ".pom"));
    if (jar != null) {
      Files.copy(jar, dir.resolve(artifact + "-" + VERSION + ".jar"));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path rel = from.relativize(f);
        if (rel.startsWith("target")) {
          continue;
        }
        Path dest = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
