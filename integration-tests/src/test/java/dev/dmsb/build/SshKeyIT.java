package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dmsb.it.EngineSupport;
import dev.dmsb.it.ImageTrees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ssh ID=KEY,KEY} with key files made by {@code ssh-keygen}: inside {@code RUN
 * --mount=type=ssh}, OpenSSH's own {@code ssh-add} (copied into the context with its libraries, as
 * the busybox image has none) lists both keys and signs with each ({@code ssh-add -T}) through
 * dmsb's in-process agent; no private key, passphrase or key path reaches the output, the image or
 * its history. An encrypted key without a terminal is refused before anything is sent.
 */
class SshKeyIT {
  @RegisterExtension static final EngineSupport SUPPORT = new EngineSupport();

  @TempDir Path dir;

  /** A context whose RUN --mount=type=ssh,id=git lists the agent's keys and signs with each. */
  private Path sshAddContext(Path ed, Path rsa) throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx-" + ed.getFileName()));
    Path tools = Files.createDirectories(ctx.resolve("tools"));
    for (String lib : libraries("/usr/bin/ssh-add")) {
      Files.copy(Path.of(lib), tools.resolve(Path.of(lib).getFileName()));
    }
    Files.copy(Path.of("/usr/bin/ssh-add"), tools.resolve("ssh-add"));
    Files.copy(Path.of(ed + ".pub"), tools.resolve("ed.pub"), StandardCopyOption.REPLACE_EXISTING);
    Files.copy(Path.of(rsa + ".pub"), tools.resolve("rsa.pub"));
    String sshAdd = "/tools/ld-linux-x86-64.so.2 --library-path /tools /tools/ssh-add";
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM dmsb/busybox:latest\n"
            + "COPY tools /tools\n"
            + "RUN --mount=type=ssh,id=git,required=true "
            + sshAdd
            + " -l > /keys.txt && "
            + sshAdd
            + " -T /tools/ed.pub && "
            + sshAdd
            + " -T /tools/rsa.pub && echo both-signed > /signed.txt\n");
    return ctx;
  }

  @Test
  void theJavaApiServesKeyFilesTooAnEncryptedOneWithItsPassphrase() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-add")), "openssh-client installed");
    Path keys = Files.createDirectories(dir.resolve("api-keys"));
    Path ed = keys.resolve("id_ed25519");
    Path rsa = keys.resolve("id_rsa");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "api words", "-f", ed.toString());
    run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa.toString());
    Path ctx = sshAddContext(ed, rsa);
    String image = SUPPORT.imageName("ssh-key-api");
    dev.dmsb.api.BuiltImage built =
        dev.dmsb.api.Dmsb.build(ctx)
            .backend(dev.dmsb.api.BuildBackend.BUILDKIT)
            .noCache()
            .sshKey("git", ed, "api words".toCharArray())
            .ssh("git", rsa)
            .tag(image)
            .build();
    assertThat(built.id()).isNotEmpty();
    assertThat(ImageTrees.fileIn(image, "/signed.txt")).isEqualTo("both-signed\n");

    var refused =
        dev.dmsb.api.Dmsb.build(ctx).backend(dev.dmsb.api.BuildBackend.BUILDKIT).ssh("git", ed);
    org.assertj.core.api.Assertions.assertThatThrownBy(refused::build)
        .isInstanceOf(dev.dmsb.api.DmsbException.class)
        .hasMessageContaining(ed + ": the key is protected by a passphrase")
        .hasMessageContaining("sshKey(id, file, passphrase)");
  }

  @Test
  void keyFilesServeRunMountTypeSsh() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-add")), "openssh-client installed");
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path ed = keys.resolve("id_ed25519");
    Path rsa = keys.resolve("id_rsa");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dmsb-it-ed", "-f", ed.toString());
    run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", rsa.toString());
    Path ctx = sshAddContext(ed, rsa);
    String image = SUPPORT.imageName("ssh-key-files");
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb(
            "build",
            "--no-cache",
            "--progress",
            "plain",
            "--ssh",
            "git=" + ed + "," + rsa,
            "-t",
            image,
            ctx.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(ImageTrees.fileIn(image, "/signed.txt")).isEqualTo("both-signed\n");
    String listed = ImageTrees.fileIn(image, "/keys.txt");
    assertThat(listed).contains(fingerprint(ed)).contains(fingerprint(rsa)).contains("dmsb-it-ed");

    List<String> secrets = new ArrayList<>();
    for (Path k : List.of(ed, rsa)) {
      for (String line : Files.readAllLines(k)) {
        if (!line.startsWith("-----") && line.length() > 20) {
          secrets.add(line);
        }
      }
    }
    String history = run("docker", "history", "--no-trunc", image);
    String tree = ImageTrees.of(image).toString();
    for (String s : secrets) {
      assertThat(r.out() + r.err()).doesNotContain(s);
      assertThat(history).doesNotContain(s);
      assertThat(tree).doesNotContain(s);
    }
    assertThat(r.out() + r.err() + history).doesNotContain(keys.toString());
  }

  @Test
  void anEncryptedKeyWithoutATerminalIsRefusedNamingTheFile() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "openssh-client installed");
    Path key = dir.resolve("id_locked");
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "dmsb words", "-f", key.toString());
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(
        ctx.resolve("Dockerfile"), "FROM dmsb/busybox:latest\nRUN --mount=type=ssh true\n");
    DmsbBuildIT.Run r =
        DmsbBuildIT.dmsb(
            "build",
            "--ssh",
            "default=" + key,
            "-t",
            SUPPORT.imageName("ssh-locked"),
            ctx.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(key + ": the key is protected by a passphrase; run dmsb on a terminal")
        .contains("ssh-add " + key);
  }

  private static String fingerprint(Path key) throws Exception {
    return run("ssh-keygen", "-l", "-f", key + ".pub").split(" ")[1];
  }

  /** The shared libraries {@code ldd} names for {@code binary}, the loader included. */
  private static List<String> libraries(String binary) throws Exception {
    List<String> libs = new ArrayList<>();
    for (String line : run("ldd", binary).split("\n")) {
      for (String word : line.trim().split("\\s+")) {
        if (word.startsWith("/")) {
          libs.add(word);
          break;
        }
      }
    }
    return libs;
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }
}
