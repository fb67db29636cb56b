package dev.dmsb.it.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.DmsbEngine;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;

/** Removes what a test built and proves that nothing of it is left: no image, no container. */
final class Leftovers {
  private Leftovers() {}

  static void removeAndCheck(DmsbEngine engine, BuiltImage image) throws Exception {
    List<String> kept = engine.removeImages(image);
    assertThat(kept).as("references dmsb could not remove").isEmpty();
    List<String> ids = new ArrayList<>(image.stageImages());
    ids.add(image.id());
    for (String id : ids) {
      assertThat(engine.hasImage(id)).as("image %s is still in the engine", id).isFalse();
    }
    for (String tag : image.tags()) {
      assertThat(engine.hasImage(tag)).as("tag %s is still in the engine", tag).isFalse();
    }
    DockerClient docker = DockerClientFactory.instance().client();
    for (Container c : docker.listContainersCmd().withShowAll(true).exec()) {
      assertThat(ids)
          .as("container %s (%s) still uses a built image", c.getId(), c.getImage())
          .noneMatch(id -> id.equals(c.getImageId()));
    }
  }
}
