package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The warm-up Main starts before parsing serves only a command line that names no engine: an option
 * that may name one is seen in every spelling picocli accepts.
 */
class EngineWarmUpTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "build -t app:1 .                             | false",
        "build --progress plain -q --no-cache ctx      | false",
        "verify app:1 --expect-layers 3                | false",
        "build -H unix:///x.sock .                     | true",
        "build -Hunix:///x.sock .                      | true",
        "build -qH unix:///x.sock .                    | true",
        "build --host=tcp://h:2376 .                   | true",
        "build --host tcp://h:2376 .                   | true",
        "verify --context remote app:1                 | true",
        "build --tlsverify --tlscacert=ca.pem .        | true",
        "build --tls .                                 | true",
        "build --engine-timeout 30 .                   | true",
        "build -- -H                                   | false"
      })
  void anEngineOptionInAnySpellingIsSeen(String commandLine, boolean names) {
    assertThat(EngineWarmUp.mayNameAnEngine(commandLine.trim().split(" +"))).isEqualTo(names);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "build -t app:1 .                                    | | false",
        "build --buildkit-host unix:///b.sock .              | | true",
        "build --buildkit-host=tcp://h:1234 .                | | true",
        "build -t app:1 .                                    | unix:///b.sock | true",
        "build -t app:1 .                                    | '  ' | false",
        "build -- --buildkit-host                            | | false"
      })
  void aDaemonInTheCommandLineOrTheEnvironmentIsSeen(
      String commandLine, String buildkitHost, boolean names) {
    java.util.Map<String, String> env =
        buildkitHost == null ? java.util.Map.of() : java.util.Map.of("BUILDKIT_HOST", buildkitHost);
    assertThat(BuildkitOptions.mayNameADaemon(env, commandLine.trim().split(" +")))
        .isEqualTo(names);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "build --buildkit-host unix:///b.sock .                     | | unix:///b.sock",
        "build --buildkit-host=tcp://h:1234 -t a .                  | | tcp://h:1234",
        "build -t app:1 .                                           | unix:///e.sock | unix:///e.sock",
        "build --buildkit-host unix:///b.sock .                     | unix:///e.sock | unix:///b.sock",
        "build --buildkit-host tcp://h:1 --buildkit-tlscacert ca .  | | ",
        "build --buildkit-host unix:///b.sock --load -t a .         | | ",
        "build -t app:1 .                                           | | ",
        "build --buildkit-host nowhere:// .                         | | ",
        "build -- --buildkit-host unix:///b.sock                    | | "
      })
  void aDaemonNamedPlainlyIsSeenBeforeParsing(
      String commandLine, String buildkitHost, String expected) {
    java.util.Map<String, String> env =
        buildkitHost == null ? java.util.Map.of() : java.util.Map.of("BUILDKIT_HOST", buildkitHost);
    dev.dmsb.buildkit.BuildkitAddress found =
        BuildkitOptions.plainAddress(env, commandLine.trim().split(" +"));
    assertThat(found == null ? null : found.address()).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void noWarmUpOpensNoEngineAndClosesTheEarlyOne() {
    EngineOptions options = new EngineOptions();
    options.env = java.util.Map.of("DOCKER_HOST", "unix:///nowhere/dmsb-test.sock");
    EngineWarmUp early = EngineWarmUp.start(options);
    try (EngineWarmUp none = EngineWarmUp.none(early, "the build runs on a daemon")) {
      assertThat(none.opensEngine()).isFalse();
      assertThat(early.opensEngine()).isTrue();
      assertThat(none.answered()).isFalse();
      assertThat(none.isPodman()).isFalse();
      org.assertj.core.api.Assertions.assertThatThrownBy(none::take)
          .hasMessageContaining("no engine is used: the build runs on a daemon");
    }
  }

  @ParameterizedTest
  @CsvSource({"--host,unix:///other.sock", "--context,remote", "--engine-timeout,5"})
  void anEarlyWarmUpServesOnlyOptionsThatNameNoEngine(String option, String value) {
    EngineOptions none = new EngineOptions();
    EngineOptions some = new EngineOptions();
    switch (option) {
      case "--host" -> some.host = value;
      case "--context" -> some.context = value;
      default -> some.streamTimeoutSeconds = Long.parseLong(value);
    }
    none.env = java.util.Map.of("DOCKER_HOST", "unix:///nowhere/dmsb-test.sock");
    some.env = none.env;
    EngineWarmUp early = EngineWarmUp.start(none);
    try (EngineWarmUp same = EngineWarmUp.reuseOrStart(early, none);
        EngineWarmUp other = EngineWarmUp.reuseOrStart(early, some)) {
      assertThat(same).isSameAs(early);
      assertThat(other).isNotSameAs(early);
    }
  }

  /**
   * Every option EngineOptions declares is one the early check sees and the parsed check counts.
   */
  @org.junit.jupiter.api.Test
  void theChecksKnowEveryEngineOption() throws Exception {
    for (java.lang.reflect.Field f : EngineOptions.class.getDeclaredFields()) {
      picocli.CommandLine.Option option = f.getAnnotation(picocli.CommandLine.Option.class);
      if (option == null) {
        continue;
      }
      for (String name : option.names()) {
        assertThat(EngineWarmUp.mayNameAnEngine("build", name, ".")).as(name).isTrue();
      }
      EngineOptions options = new EngineOptions();
      assertThat(options.namesNoEngine()).isTrue();
      f.setAccessible(true);
      Object value =
          f.getType() == Boolean.class
              ? Boolean.TRUE
              : f.getType() == Long.class
                  ? Long.valueOf(5)
                  : f.getType() == java.nio.file.Path.class ? java.nio.file.Path.of("x") : "x";
      f.set(options, value);
      assertThat(options.namesNoEngine()).as(f.getName()).isFalse();
    }
  }
}
