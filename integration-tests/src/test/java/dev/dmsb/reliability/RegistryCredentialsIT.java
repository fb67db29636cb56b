package dev.dmsb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The right credentials build, with both builders, from each place the docker configuration can
 * hold them: {@code auths}, {@code credsStore}, {@code credHelpers}. The base image comes from the
 * htpasswd registry of {@code scripts/engine.sh up} on 127.0.0.1:5001 (test-only user {@code
 * dmsb}); its name is taken out of the engine first, so every build pulls it, and again at the end.
 * The password shows in no output, whatever the progress mode. ({@link RegistryFaultsIT} has the
 * missing and the wrong credentials.)
 */
@Tag(TestEngine.TAG)
class RegistryCredentialsIT {
  static final String REGISTRY = "127.0.0.1:5001";
  static final String IMAGE = REGISTRY + "/dmsb/busybox:latest";
  static final String USER = "dmsb";
  static final String PASSWORD = "dmsb-secret";
  static final String WRONG_PASSWORD = "wrong-Pa55word-3f9d";

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @TempDir Path work;

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String source : List.of("auths", "credsStore", "credHelpers")) {
      for (String builder : List.of("buildkit", "legacy")) {
        for (String progress : List.of("plain", "json")) {
          all.add(Arguments.of(source, builder, progress));
        }
      }
    }
    return all.stream();
  }

  /** The configuration for {@code source}; credentials anywhere else in it are wrong. */
  DockerConfigFolder configWithCredentialsIn(String source) throws Exception {
    DockerConfigFolder config = DockerConfigFolder.in(work);
    return switch (source) {
      case "auths" ->
          config.config(
              "{\"auths\":{\""
                  + REGISTRY
                  + "\":{\"auth\":\""
                  + DockerConfigFolder.basicAuth(USER, PASSWORD)
                  + "\"}}}");
      case "credsStore" ->
          config
              .helper("dmsb-it-store", REGISTRY, USER, PASSWORD)
              .config("{\"credsStore\":\"dmsb-it-store\"}");
      case "credHelpers" ->
          // credHelpers comes before credsStore and auths: both hold a wrong password here.
          config
              .helper("dmsb-it-helper", REGISTRY, USER, PASSWORD)
              .helper("dmsb-it-store", REGISTRY, USER, WRONG_PASSWORD)
              .config(
                  "{\"credsStore\":\"dmsb-it-store\",\"credHelpers\":{\""
                      + REGISTRY
                      + "\":\"dmsb-it-helper\"},\"auths\":{\""
                      + REGISTRY
                      + "\":{\"auth\":\""
                      + DockerConfigFolder.basicAuth(USER, WRONG_PASSWORD)
                      + "\"}}}");
      default -> throw new IllegalArgumentException(source);
    };
  }

  @ParameterizedTest(name = "{0}, {1}, --progress {2}")
  @MethodSource("cases")
  void theRightCredentialsBuildAndAreNeverShown(String source, String builder, String progress)
      throws Exception {
    TestEngine.assumeBuilder(builder);
    DockerConfigFolder config = configWithCredentialsIn(source);
    Path ctx = Files.createDirectories(work.resolve("ctx"));
    Files.writeString(ctx.resolve("hello.txt"), "hello from " + source + "\n");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + IMAGE + "\nCOPY hello.txt /hello.txt\n");
    String pulled = engine.pulledByTheTest(IMAGE);
    assertThat(EngineSupport.has(pulled)).as("%s before the build", pulled).isFalse();
    String tag = engine.imageName("registry-credentials-" + builder);
    Path tmp = Files.createDirectories(work.resolve("tmp"));

    DmsbProcess.Result r;
    try {
      r =
          DmsbProcess.run(
              tmp,
              config.env(),
              Duration.ofMinutes(2),
              "build",
              "--builder",
              builder,
              "--progress",
              progress,
              "-t",
              tag,
              ctx.toString());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out().strip()).matches("sha256:[0-9a-f]{64}");
      if (builder.equals("legacy")) {
        assertThat(EngineSupport.has(pulled)).as("%s pulled by the build", pulled).isTrue();
      } else {
        // No pre-pull: BuildKit pulled it itself, asking the session for the credentials, into
        // its own store, where no tag of the engine's shows it.
        assertThat(EngineSupport.has(pulled)).as("%s pre-pulled", pulled).isFalse();
        assertThat(r.err()).doesNotContain("pulling " + IMAGE);
      }
      assertThat(EngineSupport.has(tag)).isTrue();
    } finally {
      engine.removeNow(pulled);
    }
    assertThat(r.all())
        .doesNotContain(PASSWORD)
        .doesNotContain(WRONG_PASSWORD)
        .doesNotContain(DockerConfigFolder.basicAuth(USER, PASSWORD))
        .doesNotContain(DockerConfigFolder.basicAuth(USER, WRONG_PASSWORD));
    if (!source.equals("auths")) {
      assertThat(Files.readAllLines(config.askedFile(helperFor(source)))).contains(REGISTRY);
    }
    if (source.equals("credHelpers")) {
      assertThat(config.askedFile("dmsb-it-store")).doesNotExist();
    }
    // Nothing of the registry is left: the pulled name and its digest are gone, the base stays.
    assertThat(EngineSupport.has(pulled)).isFalse();
    assertThat(EngineSupport.namesOf(EngineSupport.BASE_IMAGE))
        .contains(EngineSupport.BASE_IMAGE)
        .noneMatch(n -> n.startsWith(REGISTRY + "/"));
  }

  private static String helperFor(String source) {
    return source.equals("credsStore") ? "dmsb-it-store" : "dmsb-it-helper";
  }
}
