package dev.dmsb.sshagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent protocol: RSA's signature flags checked with the JDK, framing across chunks, and what a
 * forwarded agent refuses, seen by OpenSSH's {@code ssh-add}.
 */
class InProcessAgentTest {
  @TempDir static Path dir;
  static AgentKey rsa;
  static AgentKey ed25519;

  @BeforeAll
  static void keys() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "openssh-client installed");
    rsa =
        KeyFiles.read(KeyFilesTest.generate(dir, List.of("rsa", "2048", "", "")), Passphrase.NONE);
    ed25519 =
        KeyFiles.read(KeyFilesTest.generate(dir, List.of("ed25519", "", "", "")), Passphrase.NONE);
  }

  private static byte[] frame(byte[] body) {
    return new SshWire.Writer().string(body).toBytes();
  }

  private static SshWire.Reader only(List<byte[]> answers) {
    assertThat(answers).hasSize(1);
    SshWire.Reader r = new SshWire.Reader(answers.get(0));
    return new SshWire.Reader(r.string());
  }

  @Test
  void rsaSignsWithTheHashTheFlagsAskFor() throws Exception {
    SshWire.Reader pub = new SshWire.Reader(rsa.publicBlob());
    pub.text();
    BigInteger e = pub.mpint();
    BigInteger n = pub.mpint();
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    byte[] data = "session data".getBytes(StandardCharsets.UTF_8);
    InProcessAgent.Connection c = new InProcessAgent(List.of(ed25519, rsa)).connect();
    String[][] expected = {
      {"0", "ssh-rsa", "SHA1withRSA"},
      {"2", "rsa-sha2-256", "SHA256withRSA"},
      {"4", "rsa-sha2-512", "SHA512withRSA"}
    };
    for (String[] x : expected) {
      byte[] request =
          new SshWire.Writer()
              .u8(InProcessAgent.SIGN_REQUEST)
              .string(rsa.publicBlob())
              .string(data)
              .u32(Integer.parseInt(x[0]))
              .toBytes();
      SshWire.Reader answer = only(c.receive(frame(request)));
      assertThat(answer.u8()).isEqualTo(InProcessAgent.SIGN_RESPONSE);
      SshWire.Reader sig = new SshWire.Reader(answer.string());
      assertThat(sig.text()).isEqualTo(x[1]);
      Signature v = Signature.getInstance(x[2]);
      v.initVerify(key);
      v.update(data);
      assertThat(v.verify(sig.string())).as(x[2]).isTrue();
    }
  }

  @Test
  void requestsSplitOrJoinedAreAnsweredInOrder() {
    InProcessAgent.Connection c = new InProcessAgent(List.of(ed25519, rsa)).connect();
    byte[] list = frame(new byte[] {InProcessAgent.REQUEST_IDENTITIES});
    byte[] lock = frame(new SshWire.Writer().u8(22).string("pw").toBytes());
    byte[] both = new byte[list.length + lock.length];
    System.arraycopy(list, 0, both, 0, list.length);
    System.arraycopy(lock, 0, both, list.length, lock.length);
    assertThat(c.receive(java.util.Arrays.copyOf(both, 3))).isEmpty();
    List<byte[]> answers = c.receive(java.util.Arrays.copyOfRange(both, 3, both.length));
    assertThat(answers).hasSize(2);
    SshWire.Reader ids = new SshWire.Reader(new SshWire.Reader(answers.get(0)).string());
    assertThat(ids.u8()).isEqualTo(InProcessAgent.IDENTITIES_ANSWER);
    assertThat(ids.u32()).isEqualTo(2);
    assertThat(ids.string()).isEqualTo(ed25519.publicBlob());
    assertThat(ids.text()).isEqualTo("dmsb-ed25519");
    assertThat(new SshWire.Reader(answers.get(1)).string()).containsExactly(InProcessAgent.FAILURE);
  }

  @Test
  void anUnknownKeyOrAnOversizedFrameIsRefused() {
    InProcessAgent.Connection c = new InProcessAgent(List.of(ed25519)).connect();
    byte[] request =
        new SshWire.Writer()
            .u8(InProcessAgent.SIGN_REQUEST)
            .string(rsa.publicBlob())
            .string(new byte[8])
            .u32(0)
            .toBytes();
    assertThat(only(c.receive(frame(request))).u8()).isEqualTo(InProcessAgent.FAILURE);
    assertThat(c.receive(new byte[] {0x7f, 0, 0, 0})).isEmpty();
    assertThat(c.broken()).isTrue();
  }

  @Test
  void sshAddListsTheKeysAndCannotChangeThem() throws Exception {
    Path sock = dir.resolve("refusing.sock");
    Path other = KeyFilesTest.generate(dir, List.of("ecdsa", "256", "", ""));
    try (AgentSocket agent = new AgentSocket(new InProcessAgent(List.of(ed25519, rsa)), sock)) {
      assertThat(sshAdd(sock, "-l")).contains("dmsb-ed25519 (ED25519)").contains("(RSA)");
      assertThat(sshAdd(sock, "-D")).startsWith("fail:");
      assertThat(sshAdd(sock, "-d", other + ".pub")).startsWith("fail:");
      assertThat(sshAdd(sock, other.toString())).startsWith("fail:");
      List<String> lines = new ArrayList<>(List.of(sshAdd(sock, "-l").split("\n")));
      assertThat(lines).hasSize(2);
      assertThat(sshAdd(sock, "-T", other + ".pub")).startsWith("fail:");
      Path edFile = KeyFilesTest.generate(dir, List.of("ed25519", "", "", ""));
      assertThat(sshAdd(sock, "-T", edFile + ".pub")).doesNotStartWith("fail:");
    }
  }

  private static String sshAdd(Path sock, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ssh-add"));
    cmd.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
    b.environment().put("SSH_AUTH_SOCK", sock.toString());
    b.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return (p.exitValue() == 0 ? "" : "fail:") + out;
  }
}
