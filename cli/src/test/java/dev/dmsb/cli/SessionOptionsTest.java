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
  void sshAgentsBySocketAndKeyFilesRefused() throws Exception {
    Path sock = Files.createDirectories(dir.resolve("agent-dir")); // any non-regular path
    assertThat(SshOption.parse("deploy=" + sock))
        .isEqualTo(new SshSource("deploy", java.util.List.of(sock)));
    Path key = Files.writeString(dir.resolve("id_ed25519"), "key");
    assertThatThrownBy(() -> SshOption.parse("deploy=" + key))
        .hasMessageContaining("is a key file")
        .hasMessageContaining("ssh-add");
    assertThatThrownBy(() -> SshOption.parse("x=" + dir.resolve("missing")))
        .hasMessageContaining("does not exist");
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
