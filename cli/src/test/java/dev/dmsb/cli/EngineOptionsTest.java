package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.config.EngineSelection;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class EngineOptionsTest {
  @TempDir Path home;

  @Command(name = "probe")
  static final class Probe implements Callable<Integer> {
    @Mixin EngineOptions engine;

    @Override
    public Integer call() {
      return 0;
    }
  }

  Probe parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    probe.engine.env = Map.of();
    probe.engine.userHome = home;
    return probe;
  }

  @Test
  void optionsAreNamedAsInTheDockerCli() {
    Probe p =
        parse(
            "-H",
            "tcp://10.0.0.5",
            "--tlsverify",
            "--tlscacert",
            "/c/ca.pem",
            "--tlscert",
            "/c/cert.pem",
            "--tlskey",
            "/c/key.pem");
    assertThat(p.engine.selection())
        .isEqualTo(
            new EngineSelection(
                "tcp://10.0.0.5",
                null,
                null,
                true,
                Path.of("/c/ca.pem"),
                Path.of("/c/cert.pem"),
                Path.of("/c/key.pem")));
    assertThat(parse("--context", "remote").engine.selection().context()).isEqualTo("remote");
    assertThat(parse("--host=unix:///x.sock").engine.selection().host())
        .isEqualTo("unix:///x.sock");
  }

  @Test
  void openReturnsTheEngineAndWarningsWithoutContactingIt() {
    EngineOptions.Opened opened = parse("-H", "tcp://192.168.7.7:2375").engine.open();
    try (var engine = opened.engine()) {
      assertThat(engine.address()).isEqualTo("tcp://192.168.7.7:2375");
      assertThat(opened.warnings()).singleElement().asString().contains("plain tcp");
    }
  }

  @Test
  void aBadAddressIsAUsageError() {
    EngineOptions options = parse("-H", "ssh://me@host").engine;
    assertThatThrownBy(options::open)
        .isInstanceOf(UserError.class)
        .hasMessageContaining("ssh://")
        .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCode.USAGE));
  }
}
