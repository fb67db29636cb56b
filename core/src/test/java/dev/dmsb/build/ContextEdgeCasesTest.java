package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contexts that try to trip the archiver: loops, escapes, huge and oddly named files. */
class ContextEdgeCasesTest {
  @TempDir Path dir;

  private Path file(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private Map<String, TarReading.Entry> send(ContextSelection selection) throws Exception {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            TarReading.read(
                TarReading.write(
                    ContextStream.of(dir, DockerIgnore.none(), List.of(), selection, true))));
  }

  @Test
  void symlinkLoopsAreSentAsLinksAndNeverFollowed() throws Exception {
    file("Dockerfile", "FROM scratch\n");
    Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
    Files.createSymbolicLink(dir.resolve("self"), Path.of("self"));
    Files.createDirectories(dir.resolve("d"));
    Files.createSymbolicLink(dir.resolve("d/up"), Path.of(".."));
    Files.createSymbolicLink(dir.resolve("d/here"), Path.of("."));

    for (ContextSelection selection :
        List.of(
            ContextSelection.everything(),
            ContextSelection.only(Set.of("a", "self", "d/up/d/up/x", "d/here/here/y")))) {
      Map<String, TarReading.Entry> tar = send(selection);
      for (String link : List.of("a", "b", "self", "d/up", "d/here")) {
        if (tar.containsKey(link)) {
          assertThat(tar.get(link).header().isSymbolicLink()).as(link).isTrue();
        }
      }
      assertThat(tar).containsKeys("a", "self");
    }
  }

  @Test
  void linksToOutsideTheContextAreSentAsLinksNotTheirTargets() throws Exception {
    Path outside = Files.createTempDirectory("dmsb-outside-");
    try {
      Files.writeString(outside.resolve("secret.txt"), "OUTSIDE-SECRET-4e1f");
      Files.createSymbolicLink(dir.resolve("conf"), outside);
      Files.createSymbolicLink(dir.resolve("key"), outside.resolve("secret.txt"));
      for (ContextSelection selection :
          List.of(
              ContextSelection.everything(),
              ContextSelection.only(Set.of("conf/secret.txt", "key")))) {
        byte[] tar =
            TarReading.write(
                ContextStream.of(dir, DockerIgnore.none(), List.of(), selection, true));
        assertThat(new String(tar, StandardCharsets.ISO_8859_1)).doesNotContain("OUTSIDE-SECRET");
        Map<String, TarReading.Entry> entries = TarReading.read(tar);
        assertThat(entries.get("conf").header().getLinkName()).isEqualTo(outside.toString());
        assertThat(entries.get("key").header().isSymbolicLink()).isTrue();
      }
    } finally {
      Files.deleteIfExists(outside.resolve("secret.txt"));
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void aCopySourceOutsideTheContextIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> ContextSelection.only(Set.of("src", "../x")))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("'../x'")
        .hasMessageContaining("outside the build context");
    assertThatThrownBy(() -> ContextSelection.only(Set.of("a/../../etc/passwd")))
        .isInstanceOf(ContextException.class);
  }

  @Test
  void aMalformedIgnoreLineIsNamedWithItsLine() {
    assertThatThrownBy(() -> DockerIgnore.parse("*.log\n[unclosed\n", ".dockerignore"))
        .isInstanceOf(ContextException.class)
        .hasMessageStartingWith(".dockerignore:2: malformed pattern '[unclosed'");
    assertThatThrownBy(() -> DockerIgnore.parse("a\n!\n", ".dockerignore"))
        .hasMessageStartingWith(".dockerignore:2:");
  }

  @Test
  void namesWithSpacesUnicodeAndOverAHundredBytesSurvivePruning() throws Exception {
    String spaced = "dir with spaces/file name.txt";
    String unicode = "données/日本語-ファイル-€.txt";
    String longName = "l".repeat(60) + "/" + "é".repeat(60) + ".bin"; // > 100 bytes in UTF-8
    file(spaced, "s");
    file(unicode, "u");
    file(longName, "l");
    file("not-sent.txt", "n");
    Map<String, TarReading.Entry> tar =
        send(ContextSelection.only(Set.of(spaced, "données", longName)));
    assertThat(tar.get(spaced).content()).isEqualTo("s");
    assertThat(tar.get(unicode).content()).isEqualTo("u");
    assertThat(tar.get(longName).content()).isEqualTo("l");
    assertThat(tar).doesNotContainKey("not-sent.txt");
  }

  /** Thrown by the capturing stream once it has the headers, so the 8 GiB are never sent. */
  private static final class Enough extends IOException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void aSparseFileOverEightGibibytesGetsAPaxSizeHeader() throws Exception {
    long size = 8L * 1024 * 1024 * 1024 + 513;
    Path huge = dir.resolve("disk.img");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(size); // sparse: no blocks on disk
    }
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    OutputStream firstBlocks =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            head.write(b, off, Math.min(len, 64 * 1024));
            if (head.size() >= 64 * 1024) {
              throw new Enough();
            }
          }
        };
    ContextStream stream =
        ContextStream.of(dir, DockerIgnore.none(), List.of(), ContextSelection.everything(), true);
    assertThatThrownBy(() -> stream.writeTo(firstBlocks)).isInstanceOf(Enough.class);
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(head.toByteArray()))) {
      TarArchiveEntry e = in.getNextEntry();
      assertThat(e.getName()).isEqualTo("disk.img");
      assertThat(e.getSize()).isEqualTo(size);
    }
    // The PAX record is there in plain text, as the engine's tar reader needs it.
    assertThat(new String(head.toByteArray(), StandardCharsets.US_ASCII))
        .contains(" size=" + size + "\n");
  }
}
