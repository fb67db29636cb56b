package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextStreamTest {
  @TempDir Path dir;

  private Path file(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private Map<String, TarReading.Entry> send(DockerIgnore ignore, ContextSelection sel)
      throws Exception {
    return TarReading.read(
        TarReading.write(ContextStream.of(dir, ignore, List.of("Dockerfile"), sel, true)));
  }

  @Test
  void archivesLikeTheDockerCli() throws Exception {
    file("Dockerfile", "FROM scratch\n");
    Path script = file("bin/run.sh", "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(script, FileTime.fromMillis(1_600_000_000_123L));
    Files.createDirectories(dir.resolve("empty"));
    Files.createSymbolicLink(dir.resolve("link"), Path.of("bin/run.sh"));
    Files.createSymbolicLink(dir.resolve("outside"), Path.of("/etc/passwd"));

    Map<String, TarReading.Entry> tar = send(DockerIgnore.none(), ContextSelection.everything());

    assertThat(tar.keySet())
        .containsExactly("Dockerfile", "bin/", "bin/run.sh", "empty/", "link", "outside");
    TarArchiveEntry run = tar.get("bin/run.sh").header();
    assertThat(run.getMode() & 07777).isEqualTo(0750);
    assertThat(run.getLongUserId()).isZero();
    assertThat(run.getLongGroupId()).isZero();
    assertThat(run.getModTime().getTime()).isEqualTo(1_600_000_000_000L);
    assertThat(tar.get("bin/run.sh").content()).isEqualTo("#!/bin/sh\necho hi\n");
    assertThat(tar.get("bin/").header().isDirectory()).isTrue();
    // Links are stored, never followed, whatever they point at.
    assertThat(tar.get("link").header().isSymbolicLink()).isTrue();
    assertThat(tar.get("link").header().getLinkName()).isEqualTo("bin/run.sh");
    assertThat(tar.get("outside").header().getLinkName()).isEqualTo("/etc/passwd");
    assertThat(tar.get("outside").content()).isNull();
  }

  @Test
  void longAndNonAsciiNamesUsePaxHeaders() throws Exception {
    String deep = "a".repeat(120) + "/" + "b".repeat(120) + "/" + "c".repeat(150) + ".txt";
    file(deep, "deep");
    file("ünïcödé/naïve.txt", "utf8");
    Files.createSymbolicLink(dir.resolve("longlink"), Path.of("x".repeat(200)));
    Map<String, TarReading.Entry> tar = send(DockerIgnore.none(), ContextSelection.everything());
    assertThat(tar.get(deep).content()).isEqualTo("deep");
    assertThat(tar.get("ünïcödé/naïve.txt").content()).isEqualTo("utf8");
    assertThat(tar.get("longlink").header().getLinkName()).isEqualTo("x".repeat(200));
  }

  @Test
  void specialFilesAreSkipped() throws Exception {
    file("Dockerfile", "FROM scratch\n");
    Process p = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
    assumeThat(p.waitFor()).isZero();
    assertThat(send(DockerIgnore.none(), ContextSelection.everything()).keySet())
        .containsExactly("Dockerfile");
  }

  @Test
  void unreadableFileIsNamed() throws Exception {
    assumeThat(System.getProperty("user.name")).isNotEqualTo("root"); // root reads anything
    Path secret = file("private/key", "x");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    ContextStream stream =
        ContextStream.of(dir, DockerIgnore.none(), List.of(), ContextSelection.everything(), true);
    assertThatThrownBy(() -> stream.writeTo(OutputStream.nullOutputStream()))
        .isInstanceOf(ContextStream.ContextFileException.class)
        .hasMessageContaining("private/key");
    assertThat(stream.failure()).isNotNull();
  }

  @Test
  void fileThatShrinksWhileSentIsNamed() {
    TarWriter tar = new TarWriter(OutputStream.nullOutputStream());
    assertThatThrownBy(
            () -> tar.file("grow.log", 0644, 0, 10, new ByteArrayInputStream(new byte[3])))
        .hasMessageContaining("grow.log")
        .hasMessageContaining("7 bytes missing");
  }

  @Test
  void ignoredFilesAndFoldersAreLeftOutButDockerfileAndIgnoreFileAreSent() throws Exception {
    file("Dockerfile", "FROM scratch\n");
    file(".dockerignore", "*\n!src\n");
    file("src/main.c", "int main;");
    file("secret.env", "TOKEN=1");
    file("node_modules/x/index.js", "x");
    DockerIgnore rules = DockerIgnore.load(dir, dir.resolve("Dockerfile"));
    ContextStream stream =
        ContextStream.of(
            dir,
            rules,
            List.of("Dockerfile", ".dockerignore"),
            ContextSelection.everything(),
            true);
    assertThat(TarReading.read(TarReading.write(stream)).keySet())
        .containsExactly(".dockerignore", "Dockerfile", "src/", "src/main.c");
  }

  @Test
  void excludedFolderIsWalkedOnlyForExceptionsAndGetsNoHeader() throws Exception {
    file("Dockerfile", "FROM scratch\n");
    file("build/keep/me.txt", "k");
    file("build/drop.txt", "d");
    file("build/other/drop.txt", "d");
    DockerIgnore rules = DockerIgnore.parse("build\n!build/keep/me.txt\n", ".dockerignore");
    assertThat(send(rules, ContextSelection.everything()).keySet())
        .containsExactly("Dockerfile", "build/keep/me.txt");
  }

  @Test
  void excludedFolderWithoutExceptionsIsNotWalked() throws Exception {
    file("Dockerfile", "FROM scratch\n");
    Path locked = dir.resolve("cache");
    Files.createDirectories(locked);
    file("cache/x", "x");
    // An unreadable folder would fail the walk; excluded, it is never opened.
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      assertThat(send(DockerIgnore.parse("cache", ".dockerignore"), ContextSelection.everything()))
          .containsOnlyKeys("Dockerfile");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void extraFileComesFirst() throws Exception {
    file("a.txt", "a");
    ContextStream stream =
        ContextStream.of(dir, DockerIgnore.none(), List.of(), ContextSelection.everything(), true)
            .withExtraFile(".dockerfile.abc123", "FROM scratch\n".getBytes(StandardCharsets.UTF_8));
    Map<String, TarReading.Entry> tar = TarReading.read(TarReading.write(stream));
    assertThat(tar.keySet()).containsExactly(".dockerfile.abc123", "a.txt");
    assertThat(tar.get(".dockerfile.abc123").content()).isEqualTo("FROM scratch\n");
  }

  /** The first 512-byte block of an archive is a plain ustar header of a regular file. */
  static void assertStartsWithPlainUstarFile(byte[] tar, String name) {
    assertThat(tar.length).isGreaterThanOrEqualTo(1024);
    assertThat(new String(tar, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
    assertThat((char) tar[156]).as("type flag of the first entry").isEqualTo('0');
    String first = new String(tar, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
    assertThat(first).isEqualTo(name);
  }

  @Test
  void theFolderOwnHeaderCanOpenTheArchive() throws Exception {
    String longName = "0" + "x".repeat(150) + ".txt";
    file(longName, "long");
    file("Dockerfile.ünïcode", "FROM scratch\n");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
    ContextStream stream =
        ContextStream.of(
                dir,
                DockerIgnore.none(),
                List.of("Dockerfile.ünïcode"),
                ContextSelection.everything(),
                true)
            .withFolderFirst();
    byte[] tar = TarReading.write(stream);
    // A plain ustar folder header, whatever needs PAX after it.
    assertThat(new String(tar, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
    assertThat((char) tar[156]).isEqualTo('5');
    assertThat(new String(tar, 0, 100, StandardCharsets.US_ASCII).replace("\0", ""))
        .isEqualTo("./");
    Map<String, TarReading.Entry> entries = TarReading.read(tar);
    assertThat(entries.keySet()).containsExactly("./", longName, "Dockerfile.ünïcode");
    assertThat(entries.get("./").header().getMode() & 07777).isEqualTo(0750);
    assertThat(stream.stats().entries()).isEqualTo(3);
  }

  @Test
  void theDockerfileComesFirstWhenAPaxEntryWouldOpenTheArchive() throws Exception {
    // Name order would put these first, and both need PAX headers (too long; not ASCII).
    String longName = "0" + "x".repeat(150) + ".txt";
    file(longName, "long");
    file("Ärger.txt", "umlaut");
    file("Dockerfile", "FROM scratch\n");
    file("sub/z.txt", "z");
    ContextStream stream =
        ContextStream.of(
                dir,
                DockerIgnore.none(),
                List.of("Dockerfile"),
                ContextSelection.everything(),
                true)
            .withFirst("Dockerfile");
    byte[] tar = TarReading.write(stream);
    assertStartsWithPlainUstarFile(tar, "Dockerfile");
    Map<String, TarReading.Entry> entries = TarReading.read(tar);
    // Sent once, everything else in name order.
    assertThat(entries.keySet())
        .containsExactly("Dockerfile", longName, "sub/", "sub/z.txt", "Ärger.txt");
    assertThat(stream.stats().entries()).isEqualTo(5);
    assertThat(stream.stats().fileBytes()).isEqualTo(13 + 4 + 1 + 6);
  }

  @Test
  void aDockerfileInAFolderComesFirstAndItsFolderKeepsItsHeader() throws Exception {
    file("aaa-" + "é".repeat(10) + ".txt", "first by name");
    file("build/Dockerfile", "FROM scratch\n");
    ContextStream stream =
        ContextStream.of(
                dir,
                DockerIgnore.none(),
                List.of("build/Dockerfile"),
                ContextSelection.only(java.util.Set.of("build/Dockerfile")),
                true)
            .withFirst("build/Dockerfile");
    byte[] tar = TarReading.write(stream);
    assertStartsWithPlainUstarFile(tar, "build/Dockerfile");
    assertThat(TarReading.read(tar).keySet()).containsExactly("build/Dockerfile", "build/");
  }

  @Test
  void namesThatNeedPaxCannotComeFirst() throws Exception {
    assertThat(ContextStream.startsPlain("Dockerfile")).isTrue();
    assertThat(ContextStream.startsPlain("a".repeat(100))).isTrue();
    assertThat(ContextStream.startsPlain("p".repeat(150) + "/" + "n".repeat(100))).isTrue();
    assertThat(ContextStream.startsPlain("a".repeat(101))).isFalse();
    assertThat(ContextStream.startsPlain("Dockerfile.ünïcode")).isFalse();
    ContextStream stream =
        ContextStream.of(dir, DockerIgnore.none(), List.of(), ContextSelection.everything(), true);
    assertThatThrownBy(() -> stream.withFirst("a".repeat(101)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PAX");
  }

  @Test
  void statsCountWhatWasSent() throws Exception {
    file("Dockerfile", "FROM scratch\n"); // 13 bytes
    file("big.bin", "x".repeat(1000));
    ContextStream stream =
        ContextStream.of(
            dir,
            DockerIgnore.none(),
            List.of("Dockerfile"),
            ContextSelection.only(List.of("nothing-here")),
            true);
    byte[] tar = TarReading.write(stream);
    assertThat(stream.stats().fileBytes()).isEqualTo(13);
    assertThat(stream.stats().contextBytes()).isEqualTo(1013);
    assertThat(stream.stats().archiveBytes()).isEqualTo(tar.length);
    assertThat(tar.length % 512).isZero();
  }

  @Test
  void filesOfEightGibibytesAndMoreGetAPaxSize() throws Exception {
    long size = 8L * 1024 * 1024 * 1024 + 5;
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    OutputStream firstBlocks =
        new OutputStream() {
          @Override
          public void write(int b) {
            if (head.size() < 4096) {
              head.write(b);
            }
          }

          @Override
          public void write(byte[] b, int off, int len) {
            int keep = Math.max(0, Math.min(len, 4096 - head.size()));
            head.write(b, off, keep);
          }
        };
    InputStream zeros =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            return len; // content is irrelevant here; skip filling for speed
          }
        };
    TarWriter tar = new TarWriter(firstBlocks);
    tar.file("huge.img", 0600, 0, size, zeros);
    assertThat(tar.bytesWritten() % 512).isZero();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(head.toByteArray()))) {
      TarArchiveEntry e = in.getNextEntry();
      assertThat(e.getName()).isEqualTo("huge.img");
      assertThat(e.getSize()).isEqualTo(size);
    }
  }

  @Test
  void paxRecordLengthCountsItsOwnDigits() {
    String rec =
        new String(
            TarWriter.paxRecords(new java.util.LinkedHashMap<>(Map.of("path", "x".repeat(90)))),
            StandardCharsets.UTF_8);
    int len = Integer.parseInt(rec.substring(0, rec.indexOf(' ')));
    assertThat(rec.getBytes(StandardCharsets.UTF_8)).hasSize(len);
  }
}
