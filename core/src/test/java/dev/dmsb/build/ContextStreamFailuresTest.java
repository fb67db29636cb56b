package dev.dmsb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that vanish or fail while a context is sent, made to do so on cue by a stand-in for the
 * file system calls: what vanished is left out (as the docker CLI's archiver does), what can't be
 * read stops the stream with a {@link ContextStream.ContextFileException} that names it and says
 * what to do, and a failed write to the engine stays an ordinary I/O failure.
 */
class ContextStreamFailuresTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("src/a.txt"), "a");
    Files.writeString(dir.resolve("src/b.txt"), "b");
    Files.createSymbolicLink(dir.resolve("link"), Path.of("src/a.txt"));
  }

  /** The real file system, with the calls a test overrides. */
  private static class Faulty implements ContextFiles {
    @Override
    public List<Path> list(Path dir) throws IOException {
      return SYSTEM.list(dir);
    }

    @Override
    public Map<String, Object> attributes(Path p) throws IOException {
      return SYSTEM.attributes(p);
    }

    @Override
    public InputStream open(Path file) throws IOException {
      return SYSTEM.open(file);
    }

    @Override
    public Path readLink(Path link) throws IOException {
      return SYSTEM.readLink(link);
    }
  }

  private ContextStream stream(ContextFiles files) throws ContextException {
    return ContextStream.of(
            dir, DockerIgnore.none(), List.of("Dockerfile"), ContextSelection.everything(), true)
        .readingThrough(files);
  }

  private Map<String, TarReading.Entry> send(ContextFiles files) throws Exception {
    return TarReading.read(TarReading.write(stream(files)));
  }

  @Test
  void aListedNameThatNoLongerExistsIsLeftOut() throws Exception {
    Map<String, TarReading.Entry> tar =
        send(
            new Faulty() {
              @Override
              public List<Path> list(Path d) throws IOException {
                List<Path> names = new ArrayList<>(super.list(d));
                names.add(d.resolve("deleted-since.log")); // listed, then removed
                return names;
              }
            });
    assertThat(tar.keySet())
        .containsExactly("Dockerfile", "link", "src/", "src/a.txt", "src/b.txt");
  }

  @Test
  void aFolderRemovedAfterItWasListedIsLeftOutWithItsFiles() throws Exception {
    Map<String, TarReading.Entry> tar =
        send(
            new Faulty() {
              @Override
              public List<Path> list(Path d) throws IOException {
                if (d.endsWith("src")) {
                  throw new NoSuchFileException(d.toString());
                }
                return super.list(d);
              }
            });
    assertThat(tar.keySet()).containsExactly("Dockerfile", "link", "src/");
  }

  @Test
  void aFileOrLinkRemovedBeforeItIsReadIsLeftOut() throws Exception {
    Map<String, TarReading.Entry> tar =
        send(
            new Faulty() {
              @Override
              public InputStream open(Path file) throws IOException {
                if (file.endsWith("a.txt")) {
                  throw new NoSuchFileException(file.toString());
                }
                return super.open(file);
              }

              @Override
              public Path readLink(Path link) throws IOException {
                throw new NoSuchFileException(link.toString());
              }
            });
    assertThat(tar.keySet()).containsExactly("Dockerfile", "src/", "src/b.txt");
  }

  @Test
  void aFileThatCannotBeOpenedIsNamedWithWhatToDo() throws Exception {
    ContextStream stream =
        stream(
            new Faulty() {
              @Override
              public InputStream open(Path file) throws IOException {
                if (file.endsWith("b.txt")) {
                  throw new IOException("Input/output error");
                }
                return super.open(file);
              }
            });
    assertThatThrownBy(() -> stream.writeTo(OutputStream.nullOutputStream()))
        .isInstanceOf(ContextStream.ContextFileException.class)
        .hasMessage(
            "context file src/b.txt can't be read (Input/output error); fix its permissions or"
                + " add it to .dockerignore");
    assertThat(stream.failure()).isNotNull();
    assertThat(stream.failure().file()).isEqualTo(dir.resolve("src/b.txt"));
  }

  @Test
  void aFileWhoseReadFailsHalfWayIsNamed() throws Exception {
    ContextStream stream =
        stream(
            new Faulty() {
              @Override
              public InputStream open(Path file) throws IOException {
                if (!file.endsWith("a.txt")) {
                  return super.open(file);
                }
                return new InputStream() {
                  @Override
                  public int read() throws IOException {
                    throw new IOException("Stale file handle");
                  }
                };
              }
            });
    assertThatThrownBy(() -> stream.writeTo(OutputStream.nullOutputStream()))
        .isInstanceOf(ContextStream.ContextFileException.class)
        .hasMessageContaining("context file src/a.txt can't be read (Stale file handle)");
    assertThat(stream.failure()).isNotNull();
  }

  @Test
  void anEntryThatCannotBeExaminedIsNamed() throws Exception {
    ContextStream stream =
        stream(
            new Faulty() {
              @Override
              public Map<String, Object> attributes(Path p) throws IOException {
                if (p.endsWith("b.txt")) {
                  throw new AccessDeniedException(p.toString());
                }
                return super.attributes(p);
              }
            });
    assertThatThrownBy(() -> stream.writeTo(OutputStream.nullOutputStream()))
        .isInstanceOf(ContextStream.ContextFileException.class)
        .hasMessage(
            "context file src/b.txt can't be examined (permission denied); fix its permissions or"
                + " add it to .dockerignore");
  }

  @Test
  void aFolderThatCannotBeListedIsNamed() throws Exception {
    ContextStream stream =
        stream(
            new Faulty() {
              @Override
              public List<Path> list(Path d) throws IOException {
                if (d.endsWith("src")) {
                  throw new AccessDeniedException(d.toString());
                }
                return super.list(d);
              }
            });
    assertThatThrownBy(() -> stream.writeTo(OutputStream.nullOutputStream()))
        .isInstanceOf(ContextStream.ContextFileException.class)
        .hasMessageContaining("context folder src can't be read (permission denied)");
  }

  @Test
  void aFailedWriteToTheEngineIsNotBlamedOnAFile() throws Exception {
    ContextStream stream = stream(new Faulty());
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    assertThatThrownBy(() -> stream.writeTo(broken))
        .isNotInstanceOf(ContextStream.ContextFileException.class)
        .hasMessage("Broken pipe");
    assertThat(stream.failure()).isNull();
  }

  @Test
  void aFileReadThroughTheStandInIsSentWhole() throws Exception {
    // The control: the stand-in changes nothing by itself.
    Map<String, TarReading.Entry> tar =
        send(
            new Faulty() {
              @Override
              public InputStream open(Path file) throws IOException {
                return new ByteArrayInputStream(super.open(file).readAllBytes());
              }
            });
    assertThat(tar.get("src/a.txt").content()).isEqualTo("a");
    assertThat(tar.get("link").header().getLinkName()).isEqualTo("src/a.txt");
  }
}
