package dev.dmsb.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The support the other integration tests stand on: unique names and a complete clean-up. */
@Tag(TestEngine.TAG)
class EngineSupportIT {

  @RegisterExtension static final EngineSupport engine = new EngineSupport();

  @Test
  void namesAreUniqueAndMarkedWithTheRun() {
    String a = engine.imageName("support");
    String b = engine.imageName("support");

    assertThat(a).startsWith("dmsb-it/support:" + EngineSupport.RUN_ID + "-").isNotEqualTo(b);
  }

  @Test
  void baseImageIsThere() {
    assertThat(EngineSupport.client().inspectImageCmd(EngineSupport.BASE_IMAGE).exec().getId())
        .startsWith("sha256:");
  }

  @Test
  void removeTakesTheImageAndTheContainersMadeFromIt() {
    DockerClient docker = EngineSupport.client();
    String image = engine.imageName("removal");
    String[] ref = image.split(":");
    docker.tagImageCmd(EngineSupport.BASE_IMAGE, ref[0], ref[1]).exec();
    String container =
        docker
            .createContainerCmd(image)
            .withCmd("true")
            .withLabels(Map.of(EngineSupport.RUN_LABEL, EngineSupport.RUN_ID))
            .exec()
            .getId();

    EngineSupport.remove(image);

    assertThat(docker.listContainersCmd().withShowAll(true).withIdFilter(List.of(container)).exec())
        .isEmpty();
    assertThatThrownBy(() -> docker.inspectImageCmd(image).exec())
        .isInstanceOf(NotFoundException.class);
    assertThat(docker.inspectImageCmd(EngineSupport.BASE_IMAGE).exec()).isNotNull();
  }

  @Test
  void buildsTheBaseImageFromBusyboxWhenItIsMissing() {
    String image = engine.imageName("base");

    EngineSupport.buildBaseImage(image);

    var inspected = EngineSupport.client().inspectImageCmd(image).exec();
    assertThat(inspected.getRootFS().getLayers()).hasSize(2);
  }
}
