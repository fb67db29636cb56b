package dev.dmsb.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dmsb.api.Dmsb;
import dev.dmsb.api.VerifyExpectations;
import dev.dmsb.api.VerifyResult;
import dev.dmsb.it.EngineSupport;
import dev.dmsb.verify.VerifyIT.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dmsb verify} wherever the image lives: pushed by the docker 20.10 CLI to the registries of
 * {@code scripts/engine.sh up} (127.0.0.1:5000 open, 127.0.0.1:5001 with basic auth), saved by
 * {@code docker save}, and copied by skopeo into an OCI layout and an OCI archive. Only the {@code
 * docker save} needs the engine; every verify here reads without one.
 */
class VerifyWhereverIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();
  static final String REGISTRY = "127.0.0.1:5000";
  static final String AUTH_REGISTRY = "127.0.0.1:5001";
  static final String BASE = REGISTRY + "/dmsb/busybox:latest";

  static final String GOOD =
      "FROM "
          + BASE
          + " AS builder\n"
          + "RUN mkdir -p /out && echo built > /out/app && echo secret > /out/key.pem\n"
          + "FROM "
          + BASE
          + "\n"
          + "COPY --from=builder /out/app /app\n"
          + "CMD [\"/app\"]\n";
  static final String LEAKY =
      "FROM "
          + BASE
          + " AS builder\n"
          + "RUN mkdir -p /out && echo built > /out/app && echo secret > /out/key.pem\n"
          + "FROM builder\n"
          + "COPY --from=builder /out/app /app\n"
          + "CMD [\"/app\"]\n";

  @TempDir static Path dir;
  static Path goodFile;
  static Path leakyFile;
  static String good;
  static String leaky;
  static String goodAuth;
  static Path dockerConfig;
  static Path saved;
  static boolean skopeo;

  @BeforeAll
  static void pushAndSave() throws Exception {
    EngineSupport.ensureBaseImage();
    assertThat(run("docker", "tag", EngineSupport.BASE_IMAGE, BASE)).isZero();
    assertThat(run("docker", "push", BASE)).isZero();
    goodFile = dockerfile("good", GOOD);
    leakyFile = dockerfile("leaky", LEAKY);
    good = SUPPORT.imageNameIn(REGISTRY, "wherever-good");
    leaky = SUPPORT.imageNameIn(REGISTRY, "wherever-leaky");
    goodAuth = SUPPORT.imageNameIn(AUTH_REGISTRY, "wherever-good");
    build(good, goodFile);
    build(leaky, leakyFile);
    assertThat(run("docker", "push", good)).isZero();
    assertThat(run("docker", "push", leaky)).isZero();
    // the docker CLI logs in to 5001 with a config of its own; dmsb reads the same file later
    dockerConfig = Files.createDirectories(dir.resolve("home/.docker"));
    String auth = Base64.getEncoder().encodeToString("dmsb:dmsb-secret".getBytes());
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"auths\":{\"" + AUTH_REGISTRY + "\":{\"auth\":\"" + auth + "\"}}}");
    assertThat(run("docker", "tag", good, goodAuth)).isZero();
    assertThat(
            run(
                List.of("docker", "--config", dockerConfig.toString(), "push", goodAuth),
                dockerConfig))
        .isZero();
    saved = dir.resolve("saved.tar");
    assertThat(run("docker", "save", "-o", saved.toString(), good, BASE)).isZero();
    skopeo = Files.isExecutable(Path.of("/usr/bin/skopeo"));
    if (skopeo) {
      for (String[] copy :
          new String[][] {
            {"docker://" + good, "oci:" + dir.resolve("layout") + ":app"},
            {"docker://" + BASE, "oci:" + dir.resolve("layout") + ":" + BASE},
            {"docker://" + good, "oci-archive:" + dir.resolve("app-oci.tar") + ":app"}
          }) {
        assertThat(run("skopeo", "copy", "-q", "--src-tls-verify=false", copy[0], copy[1]))
            .as("skopeo copy %s %s", copy[0], copy[1])
            .isZero();
      }
    }
  }

  static Path dockerfile(String name, String text) throws Exception {
    Path ctx = Files.createDirectories(dir.resolve(name));
    Path file = ctx.resolve("Dockerfile");
    Files.writeString(file, text);
    return file;
  }

  static void build(String tag, Path dockerfile) throws Exception {
    List<String> cmd =
        List.of("docker", "build", "-q", "-t", tag, dockerfile.getParent().toString());
    assertThat(run(cmd, null)).as("docker build " + tag).isZero();
  }

  static int run(String... cmd) throws Exception {
    return run(List.of(cmd), null);
  }

  static int run(List<String> cmd, Path config) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
    pb.environment().put("DOCKER_BUILDKIT", "0");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    // every command here must succeed; its output is the failure's message
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + output).isZero();
    return p.exitValue();
  }

  static Run dmsb(String... args) {
    return VerifyIT.dmsb(args);
  }

  @Test
  void fromTheRegistryTheLayerCountIsChecked() {
    String[] common = {
      "verify", "docker://" + good, "-f", goodFile.toString(), "--builder", "legacy"
    };
    Run right = dmsb(concat(common, "--expect-layers", "3"));
    Run wrong = dmsb(concat(common, "--expect-layers", "2"));

    assertThat(right.code()).as(right.err() + right.out()).isZero();
    assertThat(right.out()).contains("PASS dockerfile-chain").contains("PASS base-prefix");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.out()).contains("FAIL layer-count: expected 2 layers, found 3");
  }

  @Test
  void fromTheRegistryALeakyFinalStageIsCaught() {
    Run r =
        dmsb(
            "verify",
            "docker://" + leaky,
            "-f",
            leakyFile.toString(),
            "--builder",
            "legacy",
            "--scan-files",
            "--strict");

    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(1);
    assertThat(r.out()).contains("/out/key.pem").contains("FAIL builder-not-shipped");
  }

  @Test
  void fromTheRegistryForbidFindsThePath() {
    Run r = dmsb("verify", "docker://" + good, "--forbid", "/app", "--forbid", "*.pem");

    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(1);
    assertThat(r.out()).contains("forbidden-file").contains("/app").doesNotContain("key.pem");
  }

  @Test
  void theBasicAuthRegistryTakesTheDockerConfigsCredentials() {
    assumeTrue(System.getenv("DOCKER_CONFIG") == null, "DOCKER_CONFIG would name another config");
    String home = System.getProperty("user.home");
    try {
      System.setProperty("user.home", dockerConfig.getParent().toString());
      Run ok = dmsb("verify", "docker://" + goodAuth, "--expect-layers", "3");
      assertThat(ok.code()).as(ok.err() + ok.out()).isZero();
      System.setProperty("user.home", dir.resolve("nobody").toString());
      Run refused = dmsb("verify", "docker://" + goodAuth);
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("docker login " + AUTH_REGISTRY);
    } finally {
      System.setProperty("user.home", home);
    }
  }

  @Test
  void aDockerSaveArchiveHoldsTheImageAndItsBase() {
    String archive = "docker-archive:" + saved + ":" + good;
    Run right =
        dmsb(
            "verify",
            archive,
            "-f",
            goodFile.toString(),
            "--builder",
            "legacy",
            "--scan-files",
            "--expect-layers",
            "3");
    Run forbid = dmsb("verify", archive, "--forbid", "/app");
    Run unnamed = dmsb("verify", "docker-archive:" + saved);

    assertThat(right.code()).as(right.err() + right.out()).isZero();
    assertThat(forbid.code()).isEqualTo(1);
    assertThat(forbid.out()).contains("/app");
    assertThat(unnamed.code()).isEqualTo(1);
    assertThat(unnamed.err()).contains("holds 2 images").contains("name one after a colon");
  }

  @Test
  void anArchiveWithoutItsBaseChecksTheRestAndSaysWhatItCouldNot() throws Exception {
    Path onlyGood = dir.resolve("only-good.tar");
    Path onlyLeaky = dir.resolve("only-leaky.tar");
    assertThat(run("docker", "save", "-o", onlyGood.toString(), good)).isZero();
    assertThat(run("docker", "save", "-o", onlyLeaky.toString(), leaky)).isZero();
    Run right =
        dmsb(
            "verify",
            "docker-archive:" + onlyGood,
            "-f",
            goodFile.toString(),
            "--builder",
            "legacy",
            "--scan-files",
            "--expect-layers",
            "3");
    // the base is not in the archive: it is read from the registry its name points at
    assertThat(right.code()).as(right.err() + right.out()).isZero();
    assertThat(right.out()).contains("PASS dockerfile-chain").contains("PASS base-prefix");

    // a base whose registry does not answer: everything else is checked, and the report says so
    Path unreachable =
        dockerfile("unreachable-base", GOOD.replace(BASE, "127.0.0.1:1/dmsb/busybox:latest"));
    Run unchecked =
        dmsb(
            "verify",
            "docker-archive:" + onlyGood,
            "-f",
            unreachable.toString(),
            "--builder",
            "legacy",
            "--scan-files",
            "--expect-layers",
            "3");
    assertThat(unchecked.code()).as(unchecked.err() + unchecked.out()).isZero();
    assertThat(unchecked.out())
        .contains("PASS dockerfile-chain")
        .contains("base-not-checked")
        .contains("127.0.0.1:1/dmsb/busybox:latest could not be read (")
        .contains("its registry could not be read")
        .doesNotContain("base-prefix");

    // the leaky image is not what the good Dockerfile builds
    Run wrong =
        dmsb(
            "verify",
            "docker-archive:" + onlyLeaky,
            "-f",
            goodFile.toString(),
            "--builder",
            "legacy",
            "--scan-files");
    assertThat(wrong.code()).as(wrong.err() + wrong.out()).isEqualTo(1);
    Run strict =
        dmsb(
            "verify",
            "docker-archive:" + onlyLeaky,
            "-f",
            leakyFile.toString(),
            "--builder",
            "legacy",
            "--scan-files",
            "--strict");
    assertThat(strict.code()).as(strict.err() + strict.out()).isEqualTo(1);
    assertThat(strict.out()).contains("/out/key.pem").contains("FAIL builder-not-shipped");
  }

  @ParameterizedTest
  @ValueSource(strings = {"oci-layout", "oci-archive"})
  void skopeosCopiesVerifyToo(String kind) {
    assumeTrue(skopeo || EngineSupport.STRICT, "skopeo is not installed (apt-get install skopeo)");
    String ref =
        kind.equals("oci-layout")
            ? "oci:" + dir.resolve("layout") + ":app"
            : "oci-archive:" + dir.resolve("app-oci.tar");
    Run right = dmsb("verify", ref, "--expect-layers", "3", "--scan-files");
    Run wrong = dmsb("verify", ref, "--expect-layers", "4");
    Run forbid = dmsb("verify", ref, "--forbid", "/app");

    assertThat(right.code()).as(right.err() + right.out()).isZero();
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(forbid.code()).isEqualTo(1);
    assertThat(forbid.out()).contains("/app");
    if (kind.equals("oci-layout")) {
      Run attributed =
          dmsb("verify", ref, "-f", goodFile.toString(), "--builder", "legacy", "--scan-files");
      assertThat(attributed.code()).as(attributed.err() + attributed.out()).isZero();
    }
  }

  @Test
  void theJavaApiTakesTheSameReferences() throws Exception {
    VerifyResult result =
        Dmsb.verify("docker://" + good)
            .dockerfile(goodFile)
            .builder(dev.dmsb.api.Builder.LEGACY)
            .expect(VerifyExpectations.none().layers(3).forbid("*.pem"))
            .verify();

    assertThat(result.passed()).as(result.report()).isTrue();
    assertThat(result.files().orElseThrow()).anyMatch(f -> f.path().equals("/app"));
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
