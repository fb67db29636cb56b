package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.SizeMeaning;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageRequestsTest {
  static final String ADDRESS = "unix:///var/run/docker.sock";
  final FakeHttp http = new FakeHttp();
  final ImageRequests images = new ImageRequests(ADDRESS, http);

  @Test
  void inspectReadsTheFieldsDmsbUses() throws Exception {
    http.answer(
        "GET /images/reg:5000/app:1/json",
        200,
        """
        {"Id":"sha256:abc","RepoTags":["reg:5000/app:1"],"RepoDigests":[],"Parent":"",
         "Size":2048,"Os":"linux","Architecture":"arm64","Variant":"v8",
         "Config":{"Labels":{"a":"1","b":"two"},"Env":["X=1"],"Shell":["/bin/ash","-c"],
                   "OnBuild":["ENV T=$X"]},
         "RootFS":{"Type":"layers","Layers":["sha256:l1","sha256:l2"]},"Extra":{"x":[1,2]}}
        """);
    ImageDetails d = images.inspect("reg:5000/app:1");
    assertThat(d)
        .isEqualTo(
            new ImageDetails(
                "sha256:abc",
                List.of("reg:5000/app:1"),
                List.of(),
                "",
                2048,
                List.of("sha256:l1", "sha256:l2"),
                Map.of("a", "1", "b", "two"),
                "linux",
                "arm64",
                SizeMeaning.UNCOMPRESSED,
                SizeMeaning.UNCOMPRESSED,
                "v8",
                List.of("X=1"),
                List.of("/bin/ash", "-c"),
                List.of("ENV T=$X")));
  }

  @Test
  void theContainerdStoresSizesAreSaidToBeCompressedAndDiskUsage() throws Exception {
    // as Docker 28.5.2 with --feature containerd-snapshotter=true answers (shortened)
    http.answer(
        "GET /images/app:1/json",
        200,
        """
        {"Id":"sha256:2710","Size":1086138,"RootFS":{"Type":"layers","Layers":["sha256:l1"]},
         "Descriptor":{"mediaType":"application/vnd.oci.image.index.v1+json",
                       "digest":"sha256:2710","size":855}}
        """);
    http.answer(
        "GET /images/graph:1/json",
        200,
        "{\"Id\":\"sha256:1\",\"Size\":1985517,\"RootFS\":{\"Layers\":[\"sha256:l1\"]}}");

    ImageDetails packed = images.inspect("app:1");
    ImageDetails graph = images.inspect("graph:1");

    assertThat(packed.sizeMeaning()).isEqualTo(SizeMeaning.COMPRESSED);
    assertThat(packed.historySizeMeaning()).isEqualTo(SizeMeaning.DISK_USAGE);
    assertThat(graph.sizeMeaning()).isEqualTo(SizeMeaning.UNCOMPRESSED);
    assertThat(graph.historySizeMeaning()).isEqualTo(SizeMeaning.UNCOMPRESSED);
  }

  @Test
  void nullListsAndLabelsAreEmpty() throws Exception {
    http.answer(
        "GET /images/x/json",
        200,
        "{\"Id\":\"sha256:1\",\"RepoTags\":null,\"Config\":{\"Labels\":null},\"RootFS\":{}}");
    ImageDetails d = images.inspect("x");
    assertThat(d.repoTags()).isEmpty();
    assertThat(d.labels()).isEmpty();
    assertThat(d.layers()).isEmpty();
  }

  @Test
  void aMissingImageIsImageNotFoundWithTheEnginesMessage() {
    http.answer("GET /images/x:1/json", 404, "{\"message\":\"No such image: x:1\"}");
    assertThatThrownBy(() -> images.inspect("x:1"))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessage("No such image: x:1")
        .extracting(e -> ((ImageNotFoundException) e).image())
        .isEqualTo("x:1");
  }

  @Test
  void otherErrorsKeepTheEnginesMessage() {
    http.answer("GET /images/x/history", 500, "{\"message\":\"disk full\"}");
    assertThatThrownBy(() -> images.history("x"))
        .isExactlyInstanceOf(EngineException.class)
        .hasMessage("Reading the history of x failed: disk full");
  }

  @Test
  void historyIsOldestFirst() throws Exception {
    http.answer(
        "GET /images/x/history",
        200,
        """
        [{"Id":"sha256:new","Created":20,"CreatedBy":"CMD [\\"a\\"]","Tags":["x:latest"],
          "Size":0,"Comment":"buildkit.dockerfile.v0"},
         {"Id":"<missing>","Created":10,"CreatedBy":"COPY f /f","Tags":null,"Size":5,"Comment":""}]
        """);
    assertThat(images.history("x"))
        .containsExactly(
            new HistoryEntry("<missing>", 10, "COPY f /f", List.of(), 5, ""),
            new HistoryEntry(
                "sha256:new", 20, "CMD [\"a\"]", List.of("x:latest"), 0, "buildkit.dockerfile.v0"));
  }

  @Test
  void podmansHistoryIdsReadAsDockersDo() throws Exception {
    String hex = "7007862689ec8d334d309076e311c9a8b57895ab3b15f6c801808ab414e73fb2";
    http.answer(
        "GET /images/x/history",
        200,
        "[{\"Id\":\""
            + hex
            + "\",\"Created\":20,\"CreatedBy\":\"c\",\"Size\":0},"
            + "{\"Id\":\"sha256:<missing>\",\"Created\":10,\"CreatedBy\":\"b\",\"Size\":5}]");
    assertThat(images.history("x"))
        .extracting(HistoryEntry::id)
        .containsExactly("<missing>", "sha256:" + hex);
  }

  @Test
  void removingAGoneImageIsFineAndARefusalIsNot() throws Exception {
    http.answer("DELETE /images/gone?force=1", 404, "{\"message\":\"No such image: gone\"}");
    images.remove("gone", true);
    http.answer("DELETE /images/used", 409, "{\"message\":\"image is being used\"}");
    assertThatThrownBy(() -> images.remove("used", false))
        .isExactlyInstanceOf(EngineException.class)
        .hasMessage("Removing used failed: image is being used");
    assertThat(http.asked).containsExactly("DELETE /images/gone?force=1", "DELETE /images/used");
  }

  @Test
  void transportFailuresBecomeUnreachableNamingTheAddress() {
    http.failure = new RuntimeException(new ConnectException("Connection refused"));
    assertThatThrownBy(() -> images.inspect("x"))
        .isInstanceOf(EngineUnreachableException.class)
        .hasMessageStartingWith(
            "Cannot reach a Docker engine at " + ADDRESS + ": connection refused.")
        .hasMessageContaining("DOCKER_HOST");
  }
}
