package dev.dmsb.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class IdleTimeoutTest {

  /** A body that delivers {@code data}, then blocks until the connection is closed. */
  static final class StalledBody extends InputStream {
    final CountDownLatch closed = new CountDownLatch(1);
    final InputStream data;

    StalledBody(byte[] data) {
      this.data = new ByteArrayInputStream(data);
    }

    @Override
    public int read() throws IOException {
      int b = data.read();
      if (b >= 0) {
        return b;
      }
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Socket closed");
    }

    void closeConnection() {
      closed.countDown();
    }
  }

  @Test
  @Timeout(30)
  void aStalledStreamFailsWithATimeoutAndTheConnectionIsClosed() throws Exception {
    StalledBody body = new StalledBody("{\"stream\":\"Step 1/2\"}\n".getBytes());
    InputStream guarded =
        IdleTimeout.guard(body, Duration.ofMillis(300), () -> body.closeConnection());

    byte[] first = guarded.readNBytes(10);
    assertThat(new String(first)).isEqualTo("{\"stream\":");
    assertThatThrownBy(() -> guarded.readAllBytes())
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("sent nothing for")
        .hasMessageContaining("--engine-timeout");
    assertThat(body.closed.getCount()).isZero();
  }

  @Test
  @Timeout(30)
  void anEndOfStreamCausedByTheTimeoutIsATimeoutNotACleanEnd() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    InputStream endsWhenClosed =
        new InputStream() {
          @Override
          public int read() {
            try {
              closed.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return -1;
          }
        };
    InputStream guarded =
        IdleTimeout.guard(endsWhenClosed, Duration.ofMillis(200), closed::countDown);
    assertThatThrownBy(guarded::read).isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void aStreamThatKeepsTalkingIsNotCut() throws Exception {
    byte[] data = new byte[4096];
    InputStream slowButSteady =
        new InputStream() {
          final InputStream in = new ByteArrayInputStream(data);

          @Override
          public int read() throws IOException {
            try {
              Thread.sleep(1); // far below the limit between bytes
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return in.read();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            // one byte per call, as a socket hands over what has arrived
            int c = read();
            if (c < 0) {
              return -1;
            }
            b[off] = (byte) c;
            return 1;
          }
        };
    boolean[] closed = {false};
    InputStream guarded =
        IdleTimeout.guard(slowButSteady, Duration.ofMillis(500), () -> closed[0] = true);
    assertThat(guarded.readAllBytes()).hasSize(data.length);
    guarded.close();
    assertThat(closed[0]).isFalse();
  }

  @Test
  void noLimitLeavesTheBodyAsItIs() {
    InputStream body = new ByteArrayInputStream(new byte[0]);
    assertThat(IdleTimeout.guard(body, null, () -> {})).isSameAs(body);
  }
}
