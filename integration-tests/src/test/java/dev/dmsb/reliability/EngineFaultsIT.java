package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine missing, refusing, silent or going away mid-build, as the real executable meets it:
 * exit 3 with the address and how to start an engine, or a non-zero exit with nothing left behind
 * (no tag, no {@code --iidfile}, no temp files).
 */
@Tag(TestEngine.TAG)
class EngineFaultsIT {
  /** Far above what any of these runs needs; a hang shows up as a failure, not a stuck build. */
  static final Duration LIMIT = Duration.ofSeconds(60);

  /** The build request on the wire, unversioned or at the API version dmsb negotiated. */
  static final java.util.regex.Pattern BUILD_REQUEST =
      java.util.regex.Pattern.compile("POST (/v[0-9.]+)?/build");

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @TempDir Path work;

  Path context(String dockerfile) throws IOException {
    Path dir = Files.createDirectories(work.resolve("ctx"));
    Files.writeString(dir.resolve("Dockerfile"), dockerfile);
    return dir;
  }

  Path tmp() throws IOException {
    return Files.createDirectories(work.resolve("tmp"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"build", "verify"})
  void noSocketAtTheAddress(String command) throws Exception {
    assertUnreachable(command, "unix://" + work.resolve("no-such.sock"), "does not exist");
  }

  @ParameterizedTest
  @ValueSource(strings = {"build", "verify"})
  void aSocketFileNobodyListensOn(String command) throws Exception {
    Path dead = work.resolve("dead.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(dead));
    }
    assertThat(dead).exists();
    assertUnreachable(command, "unix://" + dead, "connection refused");
  }

  @ParameterizedTest
  @ValueSource(strings = {"build", "verify"})
  void aTcpPortNobodyListensOn(String command) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertUnreachable(command, "tcp://127.0.0.1:" + port, "connection refused");
  }

  @ParameterizedTest
  @ValueSource(strings = {"build", "verify"})
  void aTcpListenerThatNeverAnswers(String command) throws Exception {
    // The kernel completes the handshake (backlog), but nothing ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertUnreachable(command, "tcp://127.0.0.1:" + silent.getLocalPort(), "no answer in time");
    }
  }

  private void assertUnreachable(String command, String host, String reason) throws Exception {
    Path ctx = context("FROM " + EngineSupport.BASE_IMAGE + "\nRUN true\n");
    List<String> args =
        command.equals("build")
            ? List.of("build", "-q", "-H", host, ctx.toString())
            : List.of("verify", "-H", host, EngineSupport.BASE_IMAGE);
    DmsbProcess.Result r = DmsbProcess.run(tmp(), Map.of(), LIMIT, args.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    String last = lastLine(r.err());
    assertThat(last).startsWith("dmsb: ").contains(host).contains(reason).contains("Start one");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void theEngineGoesAwayMidBuild() throws Exception {
    String tag = engine.imageName("relay-cut");
    Path ctx = context(slowBuild("cut"));
    Path iid = work.resolve("out/iid.txt");
    Files.createDirectories(iid.getParent());
    try (EngineRelay relay = EngineRelay.start(work)) {
      long start = System.nanoTime();
      Process p =
          DmsbProcess.start(
              tmp(),
              Map.of(),
              List.of(
                  "build",
                  "--progress",
                  "plain",
                  "--no-cache",
                  "-t",
                  tag,
                  "--iidfile",
                  iid.toString(),
                  "-H",
                  relay.host(),
                  ctx.toString()));
      awaitBuildRunning(relay, p, "cut");
      relay.cut();
      DmsbProcess.Result r = DmsbProcess.await(p, LIMIT, start);

      assertThat(r.exit()).as(r.err()).isNotZero();
      assertThat(r.exit()).as(r.err()).isNotEqualTo(4);
      assertThat(r.err()).contains(relay.host()).doesNotContain("\tat ");
    }
    assertNothingLeftBehind(tag, iid);
  }

  @Test
  void aStreamThatStallsEndsAfterTheConfiguredTimeout() throws Exception {
    String tag = engine.imageName("relay-stall");
    Path ctx = context(slowBuild("stall"));
    Path iid = work.resolve("out/iid.txt");
    Files.createDirectories(iid.getParent());
    try (EngineRelay relay = EngineRelay.start(work)) {
      long start = System.nanoTime();
      Process p =
          DmsbProcess.start(
              tmp(),
              Map.of(),
              List.of(
                  "build",
                  "--progress",
                  "plain",
                  "--no-cache",
                  "--engine-timeout",
                  "3",
                  "-t",
                  tag,
                  "--iidfile",
                  iid.toString(),
                  "-H",
                  relay.host(),
                  ctx.toString()));
      awaitBuildRunning(relay, p, "stall");
      relay.stall();
      DmsbProcess.Result r = DmsbProcess.await(p, LIMIT, start);

      assertThat(r.exit()).as(r.err()).isEqualTo(3);
      assertThat(lastLine(r.err())).contains(relay.host()).contains("no answer in time");
    }
    assertNothingLeftBehind(tag, iid);
  }

  @Test
  void anEngineErrorBeforeTheStreamIsReportedWithTheEnginesMessage() throws Exception {
    Path ctx = context("FROM " + EngineSupport.BASE_IMAGE + "\nRUN true\n");
    DmsbProcess.Result r =
        DmsbProcess.run(
            tmp(), Map.of(), LIMIT, "build", "-q", "--platform", "not a platform!", ctx.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(lastLine(r.err())).startsWith("dmsb: ").containsIgnoringCase("platform");
  }

  @Test
  void anEngineErrorInTheStreamIsReportedWithTheEnginesMessage() throws Exception {
    Path ctx = context("FROM " + EngineSupport.BASE_IMAGE + "\nRUN echo about-to-fail && exit 7\n");
    DmsbProcess.Result r =
        DmsbProcess.run(tmp(), Map.of(), LIMIT, "build", "--progress", "plain", ctx.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    // the engine's own words: BuildKit and the legacy builder say "exit code", Buildah "exit
    // status"
    assertThat(r.err())
        .contains("dmsb: build failed: ")
        .contains(TestEngine.isPodman() ? "exit status 7" : "exit code: 7");
    assertThat(r.err()).contains("Dockerfile:2:1");
  }

  @Test
  void anImageThatDoesNotExistIsOneLineAndExitOne() throws Exception {
    String image = "dmsb-it/never-built:" + System.nanoTime();
    DmsbProcess.Result r = DmsbProcess.run(tmp(), Map.of(), LIMIT, "verify", image);
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").startsWith("dmsb: ").contains(image);
  }

  /** A build that runs long enough to be cut: a silent step of several seconds. */
  static String slowBuild(String marker) {
    return "FROM "
        + EngineSupport.BASE_IMAGE
        + "\nRUN echo "
        + marker
        + "-$(date +%s%N) && sleep 8 && echo finished > /finished\n";
  }

  /**
   * Waits until dmsb has sent the build through the relay and the engine runs the slow step of
   * {@link #slowBuild(String)}: its shell, whose command line holds {@code marker}, is a process on
   * this machine.
   */
  static void awaitBuildRunning(EngineRelay relay, Process p, String marker)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      String sent = new String(relay.sentBytes(), StandardCharsets.ISO_8859_1);
      if (BUILD_REQUEST.matcher(sent).find() && stepRunning(marker)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the engine never ran the step '" + marker + "' dmsb sent it");
  }

  /** Whether a process runs the slow step with this marker ({@code /proc/<pid>/cmdline}). */
  static boolean stepRunning(String marker) throws IOException {
    return stepProcess(marker).isPresent();
  }

  /** The process that runs the slow step with this marker, if one does. */
  static Optional<ProcessHandle> stepProcess(String marker) throws IOException {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs
          .filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(
              d -> {
                try {
                  String cmd =
                      new String(
                          Files.readAllBytes(d.resolve("cmdline")), StandardCharsets.ISO_8859_1);
                  return cmd.contains("echo " + marker + "-") && cmd.contains("&& sleep ");
                } catch (IOException e) {
                  return false; // the process ended while we looked
                }
              })
          .findFirst()
          .flatMap(d -> ProcessHandle.of(Long.parseLong(d.getFileName().toString())));
    }
  }

  /** The tag was never applied (even after the step would have finished), no iidfile, no temp. */
  void assertNothingLeftBehind(String tag, Path iid) throws Exception {
    Thread.sleep(9000); // longer than the step: a build the engine kept running would be done
    assertThat(imageExists(tag)).as("tag %s applied", tag).isFalse();
    try (Stream<Path> files = Files.list(iid.getParent())) {
      assertThat(files).as("iidfile folder").isEmpty();
    }
    try (Stream<Path> files = Files.walk(tmp())) {
      assertThat(files.filter(f -> !f.equals(work.resolve("tmp")))).as("temp files").isEmpty();
    }
  }

  static boolean imageExists(String image) {
    try {
      EngineSupport.client().inspectImageCmd(image).exec();
      return true;
    } catch (com.github.dockerjava.api.exception.NotFoundException e) {
      return false;
    }
  }

  static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }
}
