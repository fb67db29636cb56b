package dev.dmsb.buildkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import dev.dmsb.buildkit.proto.session.BytesMessage;
import dev.dmsb.engine.SshSource;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ForwardAgent joins the call to a real ssh-agent (Debian's openssh-client) holding a generated
 * key: the agent protocol's "list identities" goes through and the key comes back.
 */
class SshForwardingTest {
  @TempDir Path dir;

  @Test
  void theAgentAnswersThroughTheForwardedStream() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-agent")), "openssh-client installed");
    Path sock = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).start();
    try {
      for (int i = 0; i < 100 && !Files.exists(sock); i++) {
        agent.waitFor(50, TimeUnit.MILLISECONDS); // bounded wait for the socket to appear
      }
      assertThat(sock).exists();
      Path key = dir.resolve("id_ed25519");
      run(
          "ssh-keygen",
          "-q",
          "-t",
          "ed25519",
          "-N",
          "",
          "-C",
          "dmsb-test-key",
          "-f",
          key.toString());
      ProcessBuilder add = new ProcessBuilder("ssh-add", key.toString()).redirectErrorStream(true);
      add.environment().put("SSH_AUTH_SOCK", sock.toString());
      assertThat(add.start().waitFor()).isZero();

      SshForwarding forwarding =
          new SshForwarding(List.of(new SshSource("default", List.of(sock))));
      LinkedBlockingQueue<BytesMessage> back = new LinkedBlockingQueue<>();
      StreamObserver<BytesMessage> toAgent =
          io.grpc.Context.current()
              .withValue(SessionServices.HEADERS, new io.grpc.Metadata())
              .call(() -> forwardCall(forwarding, back));
      // SSH2_AGENTC_REQUEST_IDENTITIES: length 1, type 11
      toAgent.onNext(
          BytesMessage.newBuilder()
              .setData(ByteString.copyFrom(new byte[] {0, 0, 0, 1, 11}))
              .build());
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      while (answer.size() < 5
          || answer.size() < 4 + ByteBuffer.wrap(answer.toByteArray()).getInt()) {
        BytesMessage m = back.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("the agent's answer within 10 s").isNotNull();
        m.getData().writeTo(answer);
      }
      byte[] a = answer.toByteArray();
      assertThat(a[4]).as("SSH2_AGENT_IDENTITIES_ANSWER").isEqualTo((byte) 12);
      assertThat(ByteBuffer.wrap(a, 5, 4).getInt()).as("one key").isEqualTo(1);
      assertThat(new String(a, java.nio.charset.StandardCharsets.ISO_8859_1))
          .contains("dmsb-test-key");
      toAgent.onCompleted();
    } finally {
      agent.destroy();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static StreamObserver<BytesMessage> forwardCall(
      SshForwarding f, LinkedBlockingQueue<BytesMessage> back) {
    return f.forward(
        new StreamObserver<BytesMessage>() {
          @Override
          public void onNext(BytesMessage value) {
            back.add(value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
  }
}
