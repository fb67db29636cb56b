package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files kept out by {@code .dockerignore} never leave the machine: every byte dmsb sends to the
 * engine is captured by a relay socket and searched for a planted secret (plain and base64, the way
 * a registry header would carry it).
 */
@Tag(TestEngine.TAG)
class SecretsIT {
  static final String SECRET = "PLANTED-SECRET-9f27c4d1";
  static final String VISIBLE = "VISIBLE-MARKER-51aa";

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @TempDir Path work;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void ignoredFilesAreNeverSent(boolean pruned) throws Exception {
    Path ctx = Files.createDirectories(work.resolve("ctx"));
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM " + EngineSupport.BASE_IMAGE + "\nCOPY . /app/\nRUN cat /app/visible.txt\n");
    Files.writeString(ctx.resolve(".dockerignore"), "*.env\nsecrets/\n**/id_rsa\n");
    Files.writeString(ctx.resolve("visible.txt"), VISIBLE + "\n");
    Files.writeString(ctx.resolve("prod.env"), "TOKEN=" + SECRET + "\n");
    Files.createDirectories(ctx.resolve("secrets"));
    Files.writeString(ctx.resolve("secrets/db.txt"), SECRET + "\n");
    Files.createDirectories(ctx.resolve("deep/ssh"));
    Files.writeString(ctx.resolve("deep/ssh/id_rsa"), SECRET + "\n");
    String tag = engine.imageName("secrets");
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    byte[] sent;
    try (EngineRelay relay = EngineRelay.start(work)) {
      List<String> args = new ArrayList<>(List.of("build", "-q", "-t", tag, "-H", relay.host()));
      if (!pruned) {
        args.add("--no-prune-context");
      }
      args.add(ctx.toString());
      DmsbProcess.Result r =
          DmsbProcess.run(tmp, Map.of(), Duration.ofMinutes(2), args.toArray(String[]::new));
      assertThat(r.exit()).as(r.err()).isZero();
      sent = relay.sentBytes();
    }
    String wire = new String(sent, StandardCharsets.ISO_8859_1);
    // the capture works: the kept file went through it
    assertThat(wire).contains(VISIBLE).containsPattern("POST (/v[0-9.]+)?/build");
    assertThat(wire).doesNotContain(SECRET).doesNotContain("prod.env").doesNotContain("ssh/id_rsa");
    String b64 =
        java.util.Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(wire).doesNotContain(b64.substring(0, 16));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "buildkit,plain",
    "buildkit,json",
    "buildkit,tty",
    "legacy,plain",
    "legacy,json"
  })
  void secretNamedBuildArgsAreMaskedInEveryProgressMode(String builder, String progress)
      throws Exception {
    TestEngine.assumeBuilder(builder);
    Path ctx = Files.createDirectories(work.resolve("ctx"));
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM "
            + EngineSupport.BASE_IMAGE
            + "\nARG API_TOKEN\nARG db_Password\n"
            + "RUN echo \"t=$API_TOKEN p=$db_Password\" && exit 3\n");
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    DmsbProcess.Result r =
        DmsbProcess.run(
            tmp,
            Map.of(),
            Duration.ofMinutes(2),
            "build",
            "--builder",
            builder,
            "--progress",
            progress,
            "--no-cache",
            "--build-arg",
            "API_TOKEN=" + SECRET,
            "--build-arg",
            "db_Password=pw-" + SECRET,
            ctx.toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.all()).contains("t=****").doesNotContain(SECRET);
  }
}
