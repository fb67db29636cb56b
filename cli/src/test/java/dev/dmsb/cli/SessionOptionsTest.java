package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dmsb.engine.BuildOutput;
import dev.dmsb.engine.SecretSource;
import dev.dmsb.engine.SshSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --secret, --ssh and -o read as docker build (buildx) reads them. */
class SessionOptionsTest {
  @TempDir Path dir;

  @Test
  void secretsFromAFileOrAVariable() {
    assertThat(SecretOption.parse("id=tok,src=/run/tok.txt"))
        .isEqualTo(SecretSource.file("tok", Path.of("/run/tok.txt")));
    assertThat(SecretOption.parse("id=tok,source=t.txt"))
        .isEqualTo(SecretSource.file("tok", Path.of("t.txt")));
    assertThat(SecretOption.parse("id=tok,env=MY_TOKEN"))
        .isEqualTo(SecretSource.env("tok", "MY_TOKEN"));
    assertThat(SecretOption.parse("id=tok,type=env")).isEqualTo(SecretSource.env("tok", "tok"));
    assertThat(SecretOption.parse("id=HOME")).isEqualTo(SecretSource.env("HOME", "HOME"));
    assertThat(SecretOption.parse("id=dmsb-no-such-variable"))
        .isEqualTo(SecretSource.file("dmsb-no-such-variable", Path.of("dmsb-no-such-variable")));
  }

  @Test
  void badSecretsSayHowToWriteThem() {
    assertThatThrownBy(() -> SecretOption.parse("src=x"))
        .hasMessageContaining("--secret src=x: it needs id=ID")
        .hasMessageContaining("e.g. --secret id=token,src=token.txt");
    assertThatThrownBy(() -> SecretOption.parse("id=a,src=x,env=Y"))
        .hasMessageContaining("src or env, not both");
    assertThatThrownBy(() -> SecretOption.parse("id=a,colour=red"))
        .hasMessageContaining("unknown key 'colour'");
  }

  @Test
  void sshAgentsBySocketOrKeyFiles() throws Exception {
    Path sock = dir.resolve("agent.sock");
    try (var server =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      server.bind(java.net.UnixDomainSocketAddress.of(sock));
      assertThat(SshOption.parse("deploy=" + sock))
          .isEqualTo(new SshSource("deploy", java.util.List.of(sock)));
      Path key = Files.writeString(dir.resolve("id_ed25519"), "key");
      assertThatThrownBy(() -> SshOption.parse("deploy=" + key))
          .hasMessage(
              "--ssh deploy="
                  + key
                  + ": "
                  + key
                  + ": not a private key file (OpenSSH's format or PEM, as ssh-keygen writes)");
      assertThatThrownBy(() -> SshOption.parse("x=" + dir.resolve("missing")))
          .hasMessageContaining("does not exist");
      org.junit.jupiter.api.Assumptions.assumeTrue(
          Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "openssh-client installed");
      Path plain = dir.resolve("plain");
      Path locked = dir.resolve("locked");
      keygen(plain, "");
      keygen(locked, "secret words");
      SshSource both =
          SshOption.parse("git=" + plain + "," + locked, (f, n) -> "secret words".toCharArray());
      assertThat(both.sockets()).isEmpty();
      assertThat(both.keys()).hasSize(2);
      assertThat(both.keys().get(0).type()).isEqualTo("ssh-ed25519");
      assertThatThrownBy(() -> SshOption.parse("git=" + sock + "," + plain))
          .hasMessageContaining("give sockets or key files for one ID, not both");
    }
  }

  @Test
  void anEncryptedKeyWithoutATerminalSaysWhatToDo() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "openssh-client installed");
    Path locked = dir.resolve("locked");
    keygen(locked, "secret words");
    assertThatThrownBy(() -> SshOption.parse("git=" + locked, (f, n) -> null))
        .hasMessage(
            "--ssh git="
                + locked
                + ": "
                + locked
                + ": the key is protected by a passphrase; run dmsb on a terminal to be asked for"
                + " it, or add the key to an agent (ssh-add "
                + locked
                + ") and give --ssh git its socket");
    assertThat(SshOption.parse("git=" + locked, (f, n) -> "secret words".toCharArray()).keys())
        .hasSize(1);
  }

  private static void keygen(Path file, String passphrase) throws Exception {
    Process p =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", file.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
  }

  @Test
  void outputsLocalTarAndABareFolder() {
    assertThat(OutputOption.parse("out")).isEqualTo(new BuildOutput("local", Path.of("out")));
    assertThat(OutputOption.parse("type=local,dest=d"))
        .isEqualTo(new BuildOutput("local", Path.of("d")));
    assertThat(OutputOption.parse("type=tar,dest=x.tar"))
        .isEqualTo(new BuildOutput("tar", Path.of("x.tar")));
    assertThatThrownBy(() -> OutputOption.parse("type=moby,dest=x"))
        .hasMessageContaining("type=local, tar, image, registry, oci or docker");
    assertThatThrownBy(() -> OutputOption.parse("type=tar")).hasMessageContaining("dest=FILE");
  }
}
