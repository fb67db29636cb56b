package dev.dmsb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dmsb verify TRANSPORT:...} in process: images in files are read with no engine at all (the
 * command is given none; opening one would fail the test).
 */
class VerifyTransportsTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = DmsbCommand.commandLine(new PrintWriter(out), new PrintWriter(err));
    VerifyCommand verify =
        (VerifyCommand) cl.getSubcommands().get("verify").getCommandSpec().userObject();
    verify.engines =
        () -> {
          throw new AssertionError("no engine may be opened for " + String.join(" ", args));
        };
    return cl.execute(args);
  }

  /** A {@code docker save} of one image: one layer holding /app and /etc/key.pem. */
  Path savedImage() throws Exception {
    byte[] layer = tar(new String[] {"app", "built\n"}, new String[] {"etc/key.pem", "k\n"});
    String diffId = "sha256:" + hex(layer);
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
            + "\"diff_ids\":[\""
            + diffId
            + "\"]},\"history\":[{\"created_by\":\"COPY app / # buildkit\"},"
            + "{\"created_by\":\"CMD [\\\"/app\\\"]\",\"empty_layer\":true}]}";
    String configHex = hex(config.getBytes(StandardCharsets.UTF_8));
    String manifest =
        "[{\"Config\":\""
            + configHex
            + ".json\",\"RepoTags\":[\"app:1\"],\"Layers\":[\"l1/layer.tar\"]}]";
    Path file = dir.resolve("app.tar");
    Files.write(
        file,
        tar(
            new Object[] {"l1/layer.tar", layer},
            new Object[] {configHex + ".json", config.getBytes(StandardCharsets.UTF_8)},
            new Object[] {"manifest.json", manifest.getBytes(StandardCharsets.UTF_8)}));
    return file;
  }

  static byte[] tar(String[]... files) throws IOException {
    Object[][] entries = new Object[files.length][];
    for (int i = 0; i < files.length; i++) {
      entries[i] = new Object[] {files[i][0], files[i][1].getBytes(StandardCharsets.UTF_8)};
    }
    return tar(entries);
  }

  static byte[] tar(Object[]... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (Object[] e : entries) {
        byte[] content = (byte[]) e[1];
        TarArchiveEntry entry = new TarArchiveEntry((String) e[0]);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  static String hex(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aDockerArchiveIsVerifiedWithoutAnEngine() throws Exception {
    Path file = savedImage();

    assertThat(run("verify", "docker-archive:" + file, "--expect-layers", "1", "--scan-files"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("Image docker-archive:" + file).contains("verify: passed");
  }

  @Test
  void forbidAndTheLayerCountFailAsFromTheEngine() throws Exception {
    Path file = savedImage();

    assertThat(run("verify", "docker-archive:" + file + ":app:1", "--forbid", "*.pem"))
        .isEqualTo(1);
    assertThat(out.toString()).contains("forbidden-file").contains("/etc/key.pem");
    assertThat(run("verify", "docker-archive:" + file, "--expect-layers", "2")).isEqualTo(1);
    assertThat(out.toString()).contains("FAIL layer-count: expected 2 layers, found 1");
  }

  @Test
  void whatIsNotThereIsOneLine() throws Exception {
    assertThat(run("verify", "oci:" + dir.resolve("none"))).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("dmsb: cannot verify oci:")
        .contains("is not an OCI image layout")
        .doesNotContain("\n");
    assertThat(run("verify", "docker-archive:" + savedImage() + ":other:2")).isEqualTo(1);
    assertThat(err.toString()).contains("holds no image tagged other:2 (it holds app:1)");
  }

  @Test
  void anUnreadTransportIsAUsageError() {
    assertThat(run("verify", "containers-storage:app:1")).isEqualTo(ExitCode.USAGE);
    assertThat(err.toString()).contains("does not read the containers-storage: transport");
  }

  @Test
  void noRegistryIsExitThree() {
    assertThat(run("verify", "docker://127.0.0.1:9/app:1")).isEqualTo(ExitCode.ENGINE_UNREACHABLE);
    assertThat(err.toString()).contains("no registry answers at");
  }
}
