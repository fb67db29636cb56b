package dev.dmsb.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {

  @Test
  void readsSkopeosTransportNames() {
    assertThat(ImageReference.parse("docker://127.0.0.1:5000/app:1"))
        .isEqualTo(new ImageReference.Registry("127.0.0.1:5000/app:1"));
    assertThat(ImageReference.parse("oci:/tmp/layout:app"))
        .isEqualTo(new ImageReference.OciLayout(Path.of("/tmp/layout"), "app"));
    assertThat(ImageReference.parse("oci:/tmp/layout"))
        .isEqualTo(new ImageReference.OciLayout(Path.of("/tmp/layout"), ""));
    assertThat(ImageReference.parse("oci-archive:app.tar:v1"))
        .isEqualTo(new ImageReference.OciArchive(Path.of("app.tar"), "v1"));
    assertThat(ImageReference.parse("docker-archive:app.tar:app:1"))
        .isEqualTo(new ImageReference.DockerArchive(Path.of("app.tar"), "app:1"));
    assertThat(ImageReference.parse("docker-daemon:app:1"))
        .isEqualTo(new ImageReference.DockerDaemon("app:1"));
  }

  @Test
  void aBareReferenceIsTheDockerEngine() {
    assertThat(ImageReference.parse("app:1")).isEqualTo(new ImageReference.DockerDaemon("app:1"));
    assertThat(ImageReference.parse("localhost:5000/app:1"))
        .isEqualTo(new ImageReference.DockerDaemon("localhost:5000/app:1"));
    assertThat(ImageReference.parse("sha256:" + "a".repeat(64)))
        .isEqualTo(new ImageReference.DockerDaemon("sha256:" + "a".repeat(64)));
  }

  @Test
  void printsBackAsSkopeoSpellsIt() {
    for (String text :
        new String[] {"docker://r/a:1", "oci:d:x", "oci-archive:f", "docker-archive:f:a:1"}) {
      assertThat(ImageReference.parse(text).toString()).isEqualTo(text);
    }
  }

  @Test
  void badReferencesSayHowToWriteThem() {
    assertThatThrownBy(() -> ImageReference.parse("docker:app:1"))
        .hasMessageContaining("docker://HOST/REPOSITORY[:TAG]");
    assertThatThrownBy(() -> ImageReference.parse("oci:"))
        .hasMessageContaining("oci:PATH[:REFERENCE]");
    assertThatThrownBy(() -> ImageReference.parse("containers-storage:app"))
        .hasMessageContaining("does not read the containers-storage: transport");
    assertThatThrownBy(() -> ImageReference.parse(" ")).hasMessageContaining("empty");
  }
}
