package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.dmsb.engine.BuildEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildkitTraceTest {

  /** Encodes one message with the given writer. */
  interface Fields {
    void write(CodedOutputStream out) throws IOException;
  }

  static byte[] message(Fields fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    fields.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  static byte[] timestamp(long seconds, int nanos) throws IOException {
    return message(
        out -> {
          out.writeInt64(1, seconds);
          out.writeInt32(2, nanos);
        });
  }

  @Test
  void decodesEveryKindOfEntryAndSkipsUnknownFields() throws IOException {
    byte[] vertex =
        message(
            out -> {
              out.writeString(1, "sha256:aaa");
              out.writeString(2, "sha256:input");
              out.writeString(3, "[build 2/3] RUN make");
              out.writeBool(4, true);
              out.writeByteArray(5, timestamp(1_700_000_000L, 5));
              out.writeByteArray(6, timestamp(1_700_000_002L, 0));
              out.writeString(7, "exit code: 2");
              out.writeByteArray(8, message(o -> o.writeString(1, "group"))); // progressGroup
              out.writeString(99, "from a future BuildKit");
            });
    byte[] status =
        message(
            out -> {
              out.writeString(1, "sha256:layer");
              out.writeString(2, "sha256:aaa");
              out.writeString(3, "extracting");
              out.writeInt64(4, 1024);
              out.writeInt64(5, 4096);
            });
    byte[] log =
        message(
            out -> {
              out.writeString(1, "sha256:aaa");
              out.writeByteArray(2, timestamp(1_700_000_001L, 0));
              out.writeInt64(3, 2);
              out.writeBytes(4, ByteString.copyFrom(new byte[] {'e', 'r', 'r', '\n', (byte) 0xff}));
            });
    byte[] warning =
        message(
            out -> {
              out.writeString(1, "sha256:aaa");
              out.writeInt64(2, 1);
              out.writeBytes(4, ByteString.copyFromUtf8("use JSON form"));
              out.writeBytes(3, ByteString.copyFromUtf8("JSONArgsRecommended"));
              out.writeString(5, "https://docs.docker.com/go/dockerfile/rule/json-args/");
            });
    byte[] response =
        message(
            out -> {
              out.writeByteArray(3, log);
              out.writeByteArray(1, vertex);
              out.writeByteArray(2, status);
              out.writeByteArray(4, warning);
              out.writeInt64(42, 7);
            });

    List<BuildEvent> events = BuildkitTrace.decode(response);

    assertThat(events).hasSize(4);
    assertThat(events.get(0))
        .isEqualTo(
            new BuildEvent.Vertex(
                "sha256:aaa",
                "[build 2/3] RUN make",
                true,
                Instant.ofEpochSecond(1_700_000_000L, 5),
                Instant.ofEpochSecond(1_700_000_002L),
                "exit code: 2"));
    assertThat(events.get(1))
        .isEqualTo(new BuildEvent.VertexStatus("sha256:aaa", "sha256:layer", 1024, 4096));
    BuildEvent.VertexLog decodedLog = (BuildEvent.VertexLog) events.get(2);
    assertThat(decodedLog.vertexDigest()).isEqualTo("sha256:aaa");
    assertThat(decodedLog.stream()).isEqualTo(2);
    assertThat(decodedLog.data()).containsExactly('e', 'r', 'r', '\n', 0xff);
    assertThat(events.get(3))
        .isEqualTo(
            new BuildEvent.VertexWarning(
                "sha256:aaa",
                1,
                "JSONArgsRecommended\nuse JSON form",
                "https://docs.docker.com/go/dockerfile/rule/json-args/"));
  }

  @Test
  void aVertexNotYetStartedHasNoTimes() throws IOException {
    byte[] response =
        message(
            out ->
                out.writeByteArray(
                    1, message(v -> v.writeString(3, "[internal] load remote build context"))));
    assertThat(BuildkitTrace.decode(response))
        .containsExactly(
            new BuildEvent.Vertex(
                "", "[internal] load remote build context", false, null, null, null));
  }

  @Test
  void decodesARecordedLogMessage() throws IOException {
    // A VertexLog recorded from engine 20.10.24 (base64 as sent in the aux field).
    String recorded =
        "GmMKR3NoYTI1Njo0NzQyMWFhZGFkNWI2YWE4OThjMDhlNWVkMmQyMGMwNmQwOGU2ZTUyMDljYjM0MjI1ZjdiMjgxMjc3MTZiZDgyEgsI27Kk2AYQg9uEJhgBIglvdXQtbGluZQo=";
    List<BuildEvent> events = BuildkitTrace.decode(Base64.getDecoder().decode(recorded));
    assertThat(events).hasSize(1);
    BuildEvent.VertexLog log = (BuildEvent.VertexLog) events.get(0);
    assertThat(log.vertexDigest())
        .isEqualTo("sha256:47421aadad5b6aa898c08e5ed2d20c06d08e6e5209cb34225f7b28127716bd82");
    assertThat(log.stream()).isEqualTo(1);
    assertThat(new String(log.data(), StandardCharsets.UTF_8)).isEqualTo("out-line\n");
  }

  @Test
  void anEmptyResponseHasNoEvents() throws IOException {
    assertThat(BuildkitTrace.decode(new byte[0])).isEmpty();
  }
}
