package dev.dmsb.buildkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.build.BuildxSyntax;
import dev.dmsb.engine.BuildOutput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutOutputTest {
  @TempDir Path dir;

  private static final String DESCRIPTOR =
      Base64.getEncoder()
          .encodeToString(
              ("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:"
                      + "d".repeat(64)
                      + "\",\"size\":5}")
                  .getBytes(StandardCharsets.UTF_8));

  @Test
  void onlyALayoutFolderOutputHasAStore() {
    BuildOutput layout = BuildxSyntax.output("type=oci,dest=" + dir + ",tar=false");
    assertThat(layout.layout()).isTrue();
    assertThat(layout.archive()).isFalse();
    assertThat(LayoutOutput.store(layout)).get().extracting(Map.Entry::getKey).isEqualTo("export");
    BuildOutput archive = BuildxSyntax.output("type=oci,dest=" + dir.resolve("a.tar"));
    assertThat(archive.archive()).isTrue();
    assertThat(LayoutOutput.store(archive)).isEmpty();
    assertThat(LayoutOutput.store(null)).isEmpty();
  }

  @Test
  void theReportedImageIsNamedInTheIndex() throws Exception {
    BuildOutput layout = BuildxSyntax.output("type=oci,dest=" + dir + ",tar=false");
    LayoutOutput.record(layout, Map.of("containerimage.descriptor", DESCRIPTOR));
    assertThat(new LayoutIndex(dir).get("latest")).isPresent();
    LayoutOutput.record(
        layout, Map.of("containerimage.descriptor", DESCRIPTOR, "image.name", "a/app:1,a/app:2"));
    assertThat(new LayoutIndex(dir).get("a/app:1")).isPresent();
    assertThat(new LayoutIndex(dir).get("a/app:2")).isPresent();
    assertThatThrownBy(() -> LayoutOutput.record(layout, Map.of("containerimage.descriptor", "%%")))
        .hasMessageContaining("not base64 JSON");
  }

  @Test
  void tarFalseIsSpelledAsBuildxSpellsIt() {
    assertThatThrownBy(() -> BuildxSyntax.output("type=oci,tar=false"))
        .hasMessageContaining("it needs dest=FILE");
    assertThatThrownBy(() -> BuildxSyntax.output("type=oci,dest=d,tar=no"))
        .hasMessageContaining("tar is true or false, not no");
    assertThatThrownBy(() -> BuildxSyntax.output("type=image,name=x,tar=false"))
        .hasMessageContaining("tar= is for type=oci or docker, not image");
    assertThat(BuildxSyntax.output("type=docker,dest=d,tar=false").layout()).isTrue();
  }
}
