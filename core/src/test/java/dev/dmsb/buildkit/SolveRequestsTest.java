package dev.dmsb.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.dmsb.buildkit.proto.control.SolveRequest;
import dev.dmsb.buildkit.proto.control.StatusResponse;
import dev.dmsb.buildkit.proto.control.Vertex;
import dev.dmsb.buildkit.proto.control.VertexLog;
import dev.dmsb.buildkit.proto.wire.Timestamp;
import dev.dmsb.engine.BuildCache;
import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuilderKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SolveRequestsTest {

  private static BuildRequest request(BuildOutput out) {
    return new BuildRequest(
            BuilderKind.BUILDKIT,
            "Dockerfile",
            List.of("r/app:1", "r/app:latest"),
            "final",
            Map.of("V", "1"),
            Map.of("l", "x"),
            true,
            true,
            "host",
            "linux/amd64",
            Map.of())
        .inSession("sess", "ref")
        .withOutput(out);
  }

  @Test
  void aPushNamesTheTagsInBothExporterFields() {
    SolveRequest solve =
        SolveRequests.of("ref1", request(new BuildOutput("image", null, Map.of("push", "true"))));
    assertThat(solve.getRef()).isEqualTo("ref1");
    assertThat(solve.getSession()).isEqualTo("sess");
    assertThat(solve.getFrontend()).isEqualTo("dockerfile.v0");
    assertThat(solve.getExporter()).isEqualTo("image");
    assertThat(solve.getExporterAttrsMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of("name", "r/app:1,r/app:latest", "push", "true"));
    assertThat(solve.getExportersList()).hasSize(1);
    assertThat(solve.getExporters(0).getType()).isEqualTo("image");
    assertThat(solve.getExporters(0).getAttrsMap()).isEqualTo(solve.getExporterAttrsMap());
    assertThat(solve.getFrontendAttrsMap())
        .containsEntry("filename", "Dockerfile")
        .containsEntry("target", "final")
        .containsEntry("build-arg:V", "1")
        .containsEntry("label:l", "x")
        .containsEntry("no-cache", "")
        .containsEntry("image-resolve-mode", "pull")
        .containsEntry("force-network-mode", "host")
        .containsEntry("platform", "linux/amd64");
    assertThat(solve.getEntitlementsList()).containsExactly("network.host");
  }

  @Test
  void registryIsAnImagePushedAndFilesNeedNoName() {
    SolveRequest reg =
        SolveRequests.of("r", request(new BuildOutput("registry", null, Map.of("name", "x/y"))));
    assertThat(reg.getExporter()).isEqualTo("image");
    assertThat(reg.getExporterAttrsMap()).isEqualTo(Map.of("name", "x/y", "push", "true"));
    SolveRequest tar = SolveRequests.of("r", request(new BuildOutput("tar", Path.of("o.tar"))));
    assertThat(tar.getExporter()).isEqualTo("tar");
    assertThat(tar.getExporterAttrsMap()).isEmpty();
    SolveRequest none = SolveRequests.of("r", request(null));
    assertThat(none.getExporter()).isEmpty();
    assertThat(none.getExportersList()).isEmpty();
  }

  @Test
  void cacheGoesToTheSolverAndTheFrontend() {
    BuildCache cache =
        new BuildCache(
            List.of(new BuildCache.Entry("registry", Map.of("ref", "r/c", "x", "\"q\""))),
            List.of(new BuildCache.Entry("registry", Map.of("ref", "r/c", "mode", "max"))));
    SolveRequest solve = SolveRequests.of("r", request(null).withCache(cache));
    assertThat(solve.getCache().getImports(0).getType()).isEqualTo("registry");
    assertThat(solve.getCache().getExports(0).getAttrsMap()).containsEntry("mode", "max");
    assertThat(solve.getFrontendAttrsMap())
        .containsEntry(
            "cache-imports",
            "[{\"Type\":\"registry\",\"Attrs\":{\"ref\":\"r/c\",\"x\":\"\\\"q\\\"\"}}]");
  }

  @Test
  void statusIsDecodedAsTheTraceIs() {
    StatusResponse status =
        StatusResponse.newBuilder()
            .addVertexes(
                Vertex.newBuilder()
                    .setDigest("sha256:a")
                    .setName("[1/2] RUN false")
                    .setCached(true)
                    .setStarted(Timestamp.newBuilder().setSeconds(5).setNanos(7))
                    .setError("exit code: 1"))
            .addLogs(
                VertexLog.newBuilder()
                    .setVertex("sha256:a")
                    .setStream(2)
                    .setMsg(ByteString.copyFromUtf8("oops")))
            .build();
    List<BuildEvent> events = StatusEvents.of(status);
    assertThat(events.get(0))
        .isEqualTo(
            new BuildEvent.Vertex(
                "sha256:a",
                "[1/2] RUN false",
                true,
                Instant.ofEpochSecond(5, 7),
                null,
                "exit code: 1"));
    assertThat(events.get(1)).isInstanceOf(BuildEvent.VertexLog.class);
    BuildEvent.VertexLog log = (BuildEvent.VertexLog) events.get(1);
    assertThat(log.stream()).isEqualTo(2);
    assertThat(new String(log.data())).isEqualTo("oops");
  }
}
