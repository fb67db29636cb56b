package dev.dmsb.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dmsb.buildkit.proto.fsutil.Stat;
import dev.dmsb.engine.SyncFilter;
import dev.dmsb.engine.SyncedDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncWalkTest {
  @TempDir Path dir;

  /** The walk as it reads the disk; the walk from a read-ahead of the folder must give the same. */
  private List<Stat> walk(SyncFilter filter, IncludePatterns includes) throws Exception {
    SyncedDirectory.Folder folder = new SyncedDirectory.Folder("context", dir, filter);
    List<Stat> out = new ArrayList<>();
    SyncWalk.walk(folder, includes, e -> out.add(e.stat()));
    List<Stat> ahead = new ArrayList<>();
    SyncTree.ReadAhead read = SyncTree.readAhead(folder);
    assertThat(read.await()).as("read ahead").isNotNull();
    SyncWalk.walk(folder, includes, read, e -> ahead.add(e.stat()));
    assertThat(ahead).as("the walk from the read-ahead").isEqualTo(out);
    return out;
  }

  @Test
  void aReadAheadOfTooManyEntriesLeavesTheWalkToTheDisk() throws Exception {
    Files.writeString(dir.resolve("f"), "x");
    SyncedDirectory.Folder folder =
        new SyncedDirectory.Folder("context", dir, SyncFilter.everything());
    SyncTree.ReadAhead read = SyncTree.readAhead(folder, 0);
    assertThat(read.await()).isNull();
    List<String> out = new ArrayList<>();
    SyncWalk.walk(folder, IncludePatterns.everything(), read, e -> out.add(e.stat().getPath()));
    assertThat(out).containsExactly("f");
  }

  private static List<String> paths(List<Stat> stats) {
    return stats.stream().map(Stat::getPath).toList();
  }

  @Test
  void depthFirstFoldersBeforeTheirEntriesNamesInByteOrder() throws Exception {
    Files.createDirectories(dir.resolve("a/z"));
    Files.writeString(dir.resolve("a/z/f"), "1");
    Files.writeString(dir.resolve("a/b"), "2");
    Files.writeString(dir.resolve("a-b"), "3");
    Files.writeString(dir.resolve("B"), "4");
    Files.writeString(dir.resolve(".hidden"), "5");
    assertThat(paths(walk(SyncFilter.everything(), IncludePatterns.everything())))
        .containsExactly(".hidden", "B", "a", "a/b", "a/z", "a/z/f", "a-b");
  }

  @Test
  void statsCarryGoModesNanosecondTimesOwnerZeroAndLinks() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("sub"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-x---"));
    Path f = Files.writeString(dir.resolve("file.txt"), "hello");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    Instant t = Instant.ofEpochSecond(1_700_000_000L, 123_456_789L);
    Files.setLastModifiedTime(f, FileTime.from(t));
    Files.createSymbolicLink(dir.resolve("link"), Path.of("file.txt"));
    Files.createLink(dir.resolve("zhard"), f);
    Map<String, Stat> byPath = new java.util.HashMap<>();
    for (Stat s : walk(SyncFilter.everything(), IncludePatterns.everything())) {
      byPath.put(s.getPath(), s);
    }
    Stat file = byPath.get("file.txt");
    assertThat(file.getMode()).isEqualTo(0644);
    assertThat(file.getSize()).isEqualTo(5);
    assertThat(file.getModTime()).isEqualTo(Files.getLastModifiedTime(f).to(TimeUnit.NANOSECONDS));
    assertThat(file.getUid()).isZero();
    assertThat(file.getGid()).isZero();
    Stat d = byPath.get("sub");
    assertThat(d.getMode()).isEqualTo(GoFileMode.DIR | 0750);
    assertThat(d.getSize()).isZero();
    Stat l = byPath.get("link");
    assertThat(l.getMode()).isEqualTo(GoFileMode.SYMLINK | 0777);
    assertThat(l.getLinkname()).isEqualTo("file.txt");
    assertThat(l.getSize()).isEqualTo("file.txt".length());
    Stat h = byPath.get("zhard");
    assertThat(h.getLinkname()).as("a hard link names the path sent before").isEqualTo("file.txt");
    assertThat(h.getSize()).isZero();
    assertThat(GoFileMode.isRegular(h.getMode())).isTrue();
  }

  @Test
  void aFolderOnlyOnTheWayIsSentJustBeforeWhatItHoldsAndNotAtAllIfEmpty() throws Exception {
    Files.createDirectories(dir.resolve("keep/deep"));
    Files.writeString(dir.resolve("keep/deep/x"), "x");
    Files.createDirectories(dir.resolve("empty"));
    Files.writeString(dir.resolve("top"), "t");
    SyncFilter onlyX =
        (path, folder) ->
            path.equals("keep/deep/x")
                ? SyncFilter.Decision.INCLUDE
                : folder ? SyncFilter.Decision.DESCEND : SyncFilter.Decision.SKIP;
    assertThat(paths(walk(onlyX, IncludePatterns.everything())))
        .containsExactly("keep", "keep/deep", "keep/deep/x");
  }

  @Test
  void theEnginesFollowPathsLimitARequestToWhatItNames() throws Exception {
    Files.writeString(dir.resolve(".dockerignore"), "x\n");
    Files.createDirectories(dir.resolve("src/main"));
    Files.writeString(dir.resolve("src/main/a.txt"), "a");
    Files.writeString(dir.resolve("src/b.txt"), "b");
    Files.writeString(dir.resolve("other"), "o");
    assertThat(
            paths(
                walk(
                    SyncFilter.everything(),
                    IncludePatterns.of(dir, List.of(), List.of(".dockerignore")))))
        .containsExactly(".dockerignore");
    assertThat(
            paths(
                walk(
                    SyncFilter.everything(),
                    IncludePatterns.of(dir, List.of("src/*/a.txt"), List.of()))))
        .containsExactly("src", "src/main", "src/main/a.txt");
  }

  @Test
  void memoryFilesAreSentWithTheirOwnTimeAndMode() throws Exception {
    List<SyncWalk.Entry> out = new ArrayList<>();
    SyncWalk.walk(
        new SyncedDirectory.Files(
            "dockerfile",
            List.of(
                new SyncedDirectory.MemoryFile("Dockerfile", "FROM x\n".getBytes(), 0644, 42L))),
        IncludePatterns.everything(),
        out::add);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).stat().getPath()).isEqualTo("Dockerfile");
    assertThat(out.get(0).stat().getModTime()).isEqualTo(42L);
    assertThat(out.get(0).stat().getSize()).isEqualTo(7);
    assertThat(new String(out.get(0).content())).isEqualTo("FROM x\n");
  }
}
