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
}
