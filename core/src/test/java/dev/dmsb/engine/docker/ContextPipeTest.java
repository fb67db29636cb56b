package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ContextPipeTest {

  @Test
  void carriesEveryByteInOrderAndCountsThem() throws Exception {
    ContextPipe pipe = new ContextPipe();
    byte[] data = new byte[3 * ContextPipe.CHUNK_SIZE * ContextPipe.CHUNKS + 12345];
    new Random(7).nextBytes(data);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              OutputStream sink = pipe.sink();
              try {
                // Uneven writes, to cross chunk boundaries.
                int off = 0;
                int step = 1;
                while (off < data.length) {
                  int n = Math.min(step, data.length - off);
                  sink.write(data, off, n);
                  off += n;
                  step = step * 3 % 100_003 + 1;
                }
                pipe.finish(sink);
              } catch (IOException e) {
                pipe.fail(e);
              }
            });
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    MessageDigest actual = MessageDigest.getInstance("SHA-256");
    expected.update(data);
    try (InputStream source = pipe.source()) {
      byte[] buffer = new byte[8192];
      for (int n = source.read(buffer); n >= 0; n = source.read(buffer)) {
        actual.update(buffer, 0, n);
      }
    }
    writer.get(10, TimeUnit.SECONDS);
    assertThat(actual.digest()).isEqualTo(expected.digest());
    assertThat(pipe.bytesRead()).isEqualTo(data.length);
    // Three times the queue's worth went through the pipe in recycled buffers.
    assertThat(pipe.buffersAllocated()).isBetween(1, ContextPipe.CHUNKS + 2);
  }

  @Test
  void aWriterFailureReachesTheReaderAfterTheQueuedData() throws Exception {
    ContextPipe pipe = new ContextPipe();
    OutputStream sink = pipe.sink();
    sink.write(new byte[10]);
    ((OutputStream) sink).close(); // a writer closing its stream does not end the context
    IOException failure = new IOException("cannot read a.txt");
    pipe.fail(failure);
    InputStream source = pipe.source();
    assertThat(source.readNBytes(10)).hasSize(10);
    assertThatThrownBy(source::read).isInstanceOf(IOException.class).hasCause(failure);
    // and again: a failed context never looks complete, however often it is read
    assertThatThrownBy(source::read).isInstanceOf(IOException.class).hasCause(failure);
    assertThat(pipe.writerFailure()).isSameAs(failure);
  }

  @Test
  void closingTheReaderUnblocksAWaitingWriter() throws Exception {
    ContextPipe pipe = new ContextPipe();
    CompletableFuture<Throwable> writer =
        CompletableFuture.supplyAsync(
            () -> {
              OutputStream sink = pipe.sink();
              try {
                byte[] chunk = new byte[ContextPipe.CHUNK_SIZE];
                while (true) {
                  sink.write(chunk);
                }
              } catch (IOException e) {
                return e;
              }
            });
    pipe.source().close();
    assertThat(writer.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("stopped reading the build context");
  }
}
