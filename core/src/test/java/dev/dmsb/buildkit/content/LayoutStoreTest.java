package dev.dmsb.buildkit.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayoutStoreTest {
  @TempDir Path dir;

  static String sha256(byte[] b) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCheckedBlobIsMovedIntoPlaceReadOnlyAndItsIngestGoes() throws Exception {
    LayoutStore store = new LayoutStore(dir);
    String digest = sha256("hello world".getBytes(StandardCharsets.UTF_8));
    try (Ingest w = store.write("layer-1", 11, digest)) {
      w.write(0, bytes("hello "));
      w.write(6, bytes("world"));
      assertThat(w.digest()).isEqualTo(digest);
      assertThat(w.commit(11, digest)).isEqualTo(digest);
    }
    Path blob = dir.resolve("blobs/sha256/" + digest.substring(7));
    assertThat(blob).hasContent("hello world");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(blob)))
        .isEqualTo("r--r--r--");
    assertThat(store.info(digest)).get().extracting(LayoutStore.BlobInfo::size).isEqualTo(11L);
    assertThat(dir.resolve("ingest")).isEmptyDirectory();
  }

  @Test
  void aWriteWithTheWrongDigestIsRefusedAndLeavesNoBlob() throws Exception {
    LayoutStore store = new LayoutStore(dir);
    String claimed = sha256("something else".getBytes(StandardCharsets.UTF_8));
    Ingest w = store.write("ref", 0, "");
    w.write(0, bytes("hello"));
    assertThatThrownBy(() -> w.commit(5, claimed))
        .isInstanceOf(Ingest.BadBlobException.class)
        .hasMessageContaining("unexpected commit digest " + sha256("hello".getBytes()))
        .hasMessageContaining("expected " + claimed);
    assertThat(store.info(claimed)).isEmpty();
    assertThat(dir.resolve("blobs")).doesNotExist();
    assertThat(store.status("ref")).isEmpty();
  }

  @Test
  void aWriteOfTheWrongSizeIsRefused() throws Exception {
    LayoutStore store = new LayoutStore(dir);
    Ingest w = store.write("ref", 10, "");
    w.write(0, bytes("short"));
    assertThatThrownBy(() -> w.commit(0, ""))
        .isInstanceOf(Ingest.BadBlobException.class)
        .hasMessageContaining("unexpected commit size 5, expected 10");
  }

  @Test
  void aPartialWriteIsResumedByItsRef() throws Exception {
    LayoutStore store = new LayoutStore(dir);
    byte[] all = "0123456789".getBytes(StandardCharsets.UTF_8);
    try (Ingest w = store.write("resumable", 10, "")) {
      w.write(0, ByteBuffer.wrap(all, 0, 4));
    }
    assertThat(store.status("resumable")).contains(new LayoutStore.IngestStatus(4, 10));
    try (Ingest w = store.write("resumable", 10, sha256(all))) {
      assertThat(w.offset()).isEqualTo(4);
      assertThatThrownBy(() -> w.write(2, bytes("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be at the current offset 4");
      w.write(4, ByteBuffer.wrap(all, 4, 6));
      assertThat(w.commit(10, sha256(all))).isEqualTo(sha256(all));
    }
    assertThat(store.blob(sha256(all))).hasBinaryContent(all);
  }

  @Test
  void aWriteAtZeroStartsOverAndAnAbortDropsTheIngest() throws Exception {
    LayoutStore store = new LayoutStore(dir);
    try (Ingest w = store.write("r", 0, "")) {
      w.write(0, bytes("garbage"));
      w.write(0, bytes("good"));
      assertThat(w.offset()).isEqualTo(4);
      assertThat(w.digest()).isEqualTo(sha256("good".getBytes()));
    }
    // an unfinished write that announced no size is resumed by one that does
    try (Ingest w = store.write("r", 99, "")) {
      assertThat(w.offset()).isEqualTo(4);
    }
    assertThat(store.abort("r")).isTrue();
    assertThat(store.abort("r")).isFalse();
    assertThat(store.status("r")).isEmpty();
  }

  @Test
  void aRefIsWrittenByOneWriterAtATime() throws Exception {
    LayoutStore store = new LayoutStore(dir);
    try (Ingest first = store.write("busy", 0, "")) {
      assertThatThrownBy(() -> store.write("busy", 0, ""))
          .isInstanceOf(LayoutStore.RefLockedException.class);
      try (Ingest other = store.write("other", 0, "")) {
        assertThat(other.offset()).isZero();
      }
      first.write(0, bytes("x"));
    }
    try (Ingest again = store.write("busy", 0, "")) {
      assertThat(again.offset()).isEqualTo(1);
    }
  }

  @Test
  void aBlobInPlaceIsNotWrittenAgain() throws Exception {
    LayoutStore store = new LayoutStore(dir);
    String digest = sha256("same".getBytes());
    try (Ingest w = store.write("a", 0, "")) {
      w.write(0, bytes("same"));
      w.commit(4, digest);
    }
    assertThatThrownBy(() -> store.write("b", 4, digest))
        .isInstanceOf(LayoutStore.BlobExistsException.class);
    Ingest late = store.write("c", 0, "");
    late.write(0, bytes("same"));
    assertThatThrownBy(() -> late.commit(4, ""))
        .isInstanceOf(LayoutStore.BlobExistsException.class);
    assertThat(store.status("c")).isEmpty();
  }

  @Test
  void concurrentWritersOfTheSameBlobLeaveItWhole() throws Exception {
    byte[] content = new byte[3_000_000];
    new java.util.Random(3).nextBytes(content);
    String digest = sha256(content);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<String>> done = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String ref = "writer-" + i;
        done.add(
            pool.submit(
                () -> {
                  LayoutStore store = new LayoutStore(dir);
                  try (Ingest w = store.write(ref, content.length, "")) {
                    for (int at = 0; at < content.length; at += 100_000) {
                      w.write(
                          at, ByteBuffer.wrap(content, at, Math.min(100_000, content.length - at)));
                    }
                    return w.commit(content.length, digest);
                  } catch (LayoutStore.BlobExistsException e) {
                    return "exists";
                  }
                }));
      }
      int placed = 0;
      for (var f : done) {
        String r = f.get();
        assertThat(r).isIn(digest, "exists");
        placed += r.equals(digest) ? 1 : 0;
      }
      assertThat(placed).isGreaterThanOrEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(sha256(Files.readAllBytes(new LayoutStore(dir).blob(digest)))).isEqualTo(digest);
    assertThat(dir.resolve("ingest")).isEmptyDirectory();
  }

  @Test
  void digestsAreChecked() {
    LayoutStore store = new LayoutStore(dir);
    assertThatThrownBy(() -> store.blob("sha256:../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a sha256 or sha512 digest");
    assertThatThrownBy(() -> store.info("md5:abc")).isInstanceOf(IllegalArgumentException.class);
  }
}
