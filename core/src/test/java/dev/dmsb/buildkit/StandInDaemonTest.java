package dev.dmsb.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.engine.EngineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data training's stand-in daemon answers the Control client as a daemon would, so that a
 * training build goes past connecting; closing it leaves no socket.
 */
class StandInDaemonTest {

  @Test
  void theControlClientConnectsAndIsAnswered(@TempDir Path dir) throws Exception {
    Path socket = dir.resolve("buildkitd.sock");
    try (StandInDaemon daemon = StandInDaemon.start(socket);
        ControlBuildHost host =
            ControlBuildHost.connect(new BuildkitAddress("unix://" + socket, null), null)) {
      EngineInfo info = host.ping();
      assertThat(info.serverVersion()).isEqualTo("v0.0.0-stand-in");
      assertThat(info.os()).isEqualTo("linux");
      assertThat(info.architecture()).isEqualTo("amd64");
      assertThat(host.ping()).isSameAs(info); // asked once
    }
    assertThat(Files.exists(socket)).isFalse();
  }
}
