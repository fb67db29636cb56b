package dev.dmsb.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Proves that Testcontainers works against this engine with the project's settings. */
@Tag(TestEngine.TAG)
class BaseImageContainerIT {

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @Test
  void startsExecsAndStopsAContainerFromTheBaseImage() throws Exception {
    String id;
    try (GenericContainer<?> container =
        new GenericContainer<>(DockerImageName.parse(EngineSupport.BASE_IMAGE))
            .withCommand("sleep", "300")
            .withNetworkMode("none")) {
      container.start();
      id = container.getContainerId();
      assertThat(container.isRunning()).isTrue();

      ExecResult ls = container.execInContainer("ls", "/bin/busybox");

      assertThat(ls.getExitCode()).isZero();
      assertThat(ls.getStdout().strip()).isEqualTo("/bin/busybox");
      ExecResult missing = container.execInContainer("ls", "/opt/nothing-here");
      assertThat(missing.getExitCode()).isNotZero();
    }
    // Closing stops and removes it: Ryuk is off here, so nothing else would.
    assertThat(
            EngineSupport.client()
                .listContainersCmd()
                .withShowAll(true)
                .withIdFilter(java.util.List.of(id))
                .exec())
        .isEmpty();
  }
}
