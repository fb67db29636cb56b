package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.BuildEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recorded response bodies of {@code POST /build} on engine 20.10.24 (API 1.41). */
class BuildStreamParserTest {
  private final List<BuildEvent> events = new ArrayList<>();
  private final BuildStreamParser parser = new BuildStreamParser(events::add);

  private void read(String resource) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("streams/" + resource)) {
      assertThat(in).as(resource).isNotNull();
      parser.readAll(in);
    }
  }

  private void read(byte[] body) throws IOException {
    parser.readAll(new ByteArrayInputStream(body));
  }

  private <T extends BuildEvent> List<T> only(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void legacyBuildNamesAnImagePerStageAndTheLastCounts() throws IOException {
    read("legacy-ok.jsonl");

    assertThat(only(BuildEvent.ImageId.class))
        .extracting(BuildEvent.ImageId::id)
        .containsExactly(
            "sha256:5374ce155b368a0a71f88ac5000c7d3d1ab92f2606d835f199a55cb027fb2363",
            "sha256:d2478df018d4236d3d756197cba405139a3bc5bb4a284160d19fe5a87c81afb0");
    assertThat(parser.imageId())
        .contains("sha256:d2478df018d4236d3d756197cba405139a3bc5bb4a284160d19fe5a87c81afb0");
    assertThat(parser.error()).isEmpty();
    assertThat(only(BuildEvent.Text.class))
        .extracting(BuildEvent.Text::text)
        .contains("Step 5/6 : RUN echo out-line && echo err-line >&2", "out-line\n")
        .last()
        .asString()
        .startsWith("Successfully tagged");
  }

  @Test
  void buildkitBuildIsDecodedIntoVertexesLogsAndTheImageId() throws IOException {
    read("buildkit-ok.jsonl");

    assertThat(parser.imageId())
        .contains("sha256:929a75ef747a3025e1471b415e56970b42d246e8b6cf9e95cce99d1945b72e64");
    assertThat(parser.error()).isEmpty();
    List<BuildEvent.Vertex> vertexes = only(BuildEvent.Vertex.class);
    assertThat(vertexes)
        .extracting(BuildEvent.Vertex::name)
        .contains(
            "[internal] load remote build context",
            "[base 2/2] RUN echo hello-from-base > /base.txt",
            "[final 2/2] RUN echo out-line && echo err-line >&2",
            "exporting to image");
    BuildEvent.Vertex lastRun =
        vertexes.stream()
            .filter(v -> v.name().startsWith("[final 2/2]"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(lastRun.digest()).startsWith("sha256:");
    assertThat(lastRun.started()).isNotNull();
    assertThat(lastRun.completed()).isAfterOrEqualTo(lastRun.started());
    assertThat(lastRun.error()).isNull();

    List<BuildEvent.VertexLog> logs = only(BuildEvent.VertexLog.class);
    assertThat(logs)
        .extracting(l -> l.stream() + ":" + new String(l.data(), StandardCharsets.UTF_8))
        .containsExactly("1:out-line\n", "2:err-line\n");
    assertThat(logs).allMatch(l -> l.vertexDigest().equals(lastRun.digest()));

    assertThat(only(BuildEvent.VertexStatus.class))
        .extracting(BuildEvent.VertexStatus::id)
        .contains("exporting layers");
    assertThat(only(BuildEvent.Text.class))
        .extracting(BuildEvent.Text::text)
        .containsExactly("Successfully tagged dmsb-engine-sample:20425-2\n");
  }

  @Test
  void legacyStepFailureCarriesTheEnginesMessage() throws IOException {
    read("legacy-run-fails.jsonl");

    assertThat(parser.error())
        .contains(
            "The command '/bin/sh -c echo before-fail && exit 3' returned a non-zero code: 3");
    assertThat(parser.imageId()).isEmpty();
    assertThat(only(BuildEvent.Text.class))
        .extracting(BuildEvent.Text::text)
        .contains("before-fail\n");
    assertThat(events).last().isInstanceOf(BuildEvent.Error.class);
  }

  @Test
  void buildkitStepFailureCarriesTheEnginesMessageAndTheVertexError() throws IOException {
    read("buildkit-run-fails.jsonl");

    assertThat(parser.error())
        .contains("executor failed running [/bin/sh -c echo before-fail && exit 3]: exit code: 3");
    assertThat(only(BuildEvent.Vertex.class))
        .filteredOn(v -> v.error() != null)
        .extracting(BuildEvent.Vertex::name, BuildEvent.Vertex::error)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "[2/2] RUN echo before-fail && exit 3",
                "executor failed running [/bin/sh -c echo before-fail && exit 3]: exit code: 3"));
  }

  @Test
  void buildkitErrorAfterTheStreamStartedIsAnError() throws IOException {
    read("buildkit-missing-dockerfile.jsonl");
    assertThat(parser.error()).get().asString().contains("failed to read dockerfile");
  }

  @Test
  void statusMessagesCarryProgress() throws IOException {
    read(
        ("{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"abc\"}\r\n"
                + "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":512,\"total\":2048},"
                + "\"progress\":\"[=>  ]\",\"id\":\"abc\"}\n")
            .getBytes(StandardCharsets.UTF_8));
    assertThat(events)
        .containsExactly(
            new BuildEvent.Status("abc", "Pulling fs layer", 0, 0),
            new BuildEvent.Status("abc", "Downloading", 512, 2048));
  }

  @Test
  void messagesNeedNoNewlineBetweenThem() throws IOException {
    read("{\"stream\":\"a\"}{\"stream\":\"b\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(events).containsExactly(new BuildEvent.Text("a"), new BuildEvent.Text("b"));
  }

  @Test
  void anErrorWithoutDetailUsesTheErrorField() throws IOException {
    read("{\"error\":\"boom\"}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(parser.error()).contains("boom");
  }

  @Test
  void aCutStreamIsAnIoError() {
    assertThatThrownBy(() -> read("{\"stream\":\"a\"}\n{\"stre".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }
}
