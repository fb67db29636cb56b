package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's {@code .dockerignore} as the docker CLI's {@code AddDockerfileToBuildContext}
 * writes it, alone and through {@link ContextStream}.
 */
class ArchiveDockerignoreTest {
  static final String NAME = ".dockerfile.0123456789abcdef0123";

  @TempDir Path dir;

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void theContextsOwnFileGetsTheNameAppended() {
    ArchiveDockerignore ignore = new ArchiveDockerignore(NAME);
    assertThat(text(ignore.appendedTo("secret.txt\n".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("secret.txt\n\n" + NAME + "\n");
    // No newline at the end, or an empty file: the CLI appends "\n<name>\n" all the same.
    assertThat(text(ignore.appendedTo("*.log".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("*.log\n" + NAME + "\n");
    assertThat(text(ignore.appendedTo(new byte[0]))).isEqualTo("\n" + NAME + "\n");
  }

  @Test
  void withoutOneTheFileNamesItselfAndTheDockerfile() throws Exception {
    byte[] alone = new ArchiveDockerignore(NAME).alone();
    assertThat(text(alone)).isEqualTo(".dockerignore\n" + NAME + "\n");
    // Read back with the rules the daemon applies: both files are left out, nothing else.
    DockerIgnore rules = DockerIgnore.parse(text(alone), "archive");
    assertThat(rules.excludes(".dockerignore")).isTrue();
    assertThat(rules.excludes(NAME)).isTrue();
    assertThat(rules.excludes("Dockerfile")).isFalse();
  }

  @Test
  void aNameThatCannotBeARuleIsRefused() {
    assertThatThrownBy(() -> new ArchiveDockerignore(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ArchiveDockerignore("a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Map<String, TarReading.Entry> sent(DockerIgnore rules, ContextSelection selection)
      throws Exception {
    ContextStream stream =
        ContextStream.of(dir, rules, List.of(".dockerignore"), selection, true)
            .withExtraFile(NAME, "FROM scratch\n".getBytes(StandardCharsets.UTF_8))
            .withDockerfileIgnored(NAME);
    return TarReading.read(TarReading.write(stream));
  }

  @Test
  void theStreamAppendsToTheContextsFileInPlaceKeepingItsMode() throws Exception {
    Files.writeString(dir.resolve(".dockerignore"), "secret.txt\n");
    Files.setPosixFilePermissions(
        dir.resolve(".dockerignore"), PosixFilePermissions.fromString("rw-r-----"));
    Files.writeString(dir.resolve("a.txt"), "a");
    Files.writeString(dir.resolve("secret.txt"), "s");
    DockerIgnore rules = DockerIgnore.load(dir, null);
    Map<String, TarReading.Entry> tar = sent(rules, ContextSelection.everything());
    assertThat(tar.keySet()).containsExactly(NAME, ".dockerignore", "a.txt");
    TarReading.Entry ignore = tar.get(".dockerignore");
    assertThat(ignore.content()).isEqualTo("secret.txt\n\n" + NAME + "\n");
    assertThat(ignore.header().getSize()).isEqualTo(ignore.content().length());
    assertThat(ignore.header().getMode() & 07777).isEqualTo(0640);
  }

  @Test
  void aContextWithoutOneGetsOneAtTheEnd() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "a");
    ContextStream stream =
        ContextStream.of(dir, DockerIgnore.none(), List.of(), ContextSelection.everything(), true)
            .withExtraFile(NAME, "FROM scratch\n".getBytes(StandardCharsets.UTF_8))
            .withDockerfileIgnored(NAME);
    Map<String, TarReading.Entry> tar = TarReading.read(TarReading.write(stream));
    assertThat(tar.keySet()).containsExactly(NAME, "a.txt", ".dockerignore");
    assertThat(tar.get(".dockerignore").content()).isEqualTo(".dockerignore\n" + NAME + "\n");
    assertThat(tar.get(".dockerignore").header().getMode() & 07777).isEqualTo(0600);
    assertThat(stream.stats().entries()).isEqualTo(3);
    assertThat(stream.stats().fileBytes())
        .isEqualTo("FROM scratch\n".length() + 1 + (".dockerignore\n" + NAME + "\n").length());
  }

  @Test
  void aFileTheWalkLeavesOutIsReplacedByOneOfItsOwn() throws Exception {
    // The ignore file in use is the Dockerfile's own, and it leaves .dockerignore out.
    Files.writeString(dir.resolve(".dockerignore"), "old rules\n");
    Files.writeString(dir.resolve("a.txt"), "a");
    DockerIgnore rules = DockerIgnore.parse(".dockerignore\n", "Dockerfile.dockerignore");
    ContextStream stream =
        ContextStream.of(dir, rules, List.of(), ContextSelection.everything(), true)
            .withExtraFile(NAME, "FROM scratch\n".getBytes(StandardCharsets.UTF_8))
            .withDockerfileIgnored(NAME);
    Map<String, TarReading.Entry> tar = TarReading.read(TarReading.write(stream));
    assertThat(tar.keySet()).containsExactly(NAME, "a.txt", ".dockerignore");
    assertThat(tar.get(".dockerignore").content()).doesNotContain("old rules");
  }

  @Test
  void onlyTheRootDockerignoreIsTheArchives() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/.dockerignore"), "nested\n");
    Map<String, TarReading.Entry> tar =
        TarReading.read(
            TarReading.write(
                ContextStream.of(
                        dir, DockerIgnore.none(), List.of(), ContextSelection.everything(), true)
                    .withExtraFile(NAME, new byte[0])
                    .withDockerfileIgnored(NAME)));
    assertThat(tar.get("sub/.dockerignore").content()).isEqualTo("nested\n");
    assertThat(tar.get(".dockerignore").content()).isEqualTo(".dockerignore\n" + NAME + "\n");
  }
}
