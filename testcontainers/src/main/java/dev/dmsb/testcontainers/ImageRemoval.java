package dev.dmsb.testcontainers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.DmsbException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;

/**
 * Removes one built image and what the build left with it. When a container still holds the image
 * and it is one of this Testcontainers session's containers made from the image's unique tag (so
 * nobody else's), it is removed first: with Ryuk off, Testcontainers would only remove it when the
 * JVM exits, and the image would stay.
 */
final class ImageRemoval implements ClassEndCleanup.Cleanup {
  private final BuiltImage image;
  private final Consumer<BuiltImage> removed;
  private boolean done;

  private ImageRemoval(BuiltImage image, Consumer<BuiltImage> removed) {
    this.image = image;
    this.removed = removed;
  }

  /** The removal of {@code image}; {@code removed} hears when it is gone. */
  static ImageRemoval of(BuiltImage image, Consumer<BuiltImage> removed) {
    return new ImageRemoval(image, removed);
  }

  /** The image's unique tag: the one {@link ImageFromDmsb} added, the last one. */
  String tag() {
    return image.tags().get(image.tags().size() - 1);
  }

  @Override
  public synchronized void run() throws DmsbException {
    if (done) {
      return;
    }
    try (DmsbEngine engine = TestcontainersEngine.open()) {
      List<String> kept = engine.removeImages(image);
      if (!kept.isEmpty() && removeSessionContainers() > 0) {
        kept = engine.removeImages(image);
      }
      if (!kept.isEmpty()) {
        throw new DmsbException(
            "dmsb could not remove the image "
                + tag()
                + ": "
                + String.join("; ", kept)
                + "; stop the containers that use it before the test class ends");
      }
    }
    done = true;
    removed.accept(image);
  }

  /** {@link #run()}, for paths that already fail for another reason. */
  void runQuietly() {
    try {
      run();
    } catch (DmsbException | RuntimeException e) {
      // the caller's failure says more; the JVM-exit clean-up does not know this image
    }
  }

  private int removeSessionContainers() {
    DockerClient docker = DockerClientFactory.instance().client();
    List<Container> ours =
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(
                Map.of(
                    DockerClientFactory.TESTCONTAINERS_SESSION_ID_LABEL,
                    DockerClientFactory.SESSION_ID))
            .exec()
            .stream()
            .filter(c -> tag().equals(c.getImage()))
            .toList();
    for (Container c : ours) {
      docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
    }
    return ours.size();
  }
}
