package dev.dmsb.engine.docker;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The stream read timeout ({@code EngineTimeouts.streamRead}) enforced by dmsb itself: the socket's
 * own read timeout does not work on unix sockets (docker-java's unix socket ignores {@code
 * SO_TIMEOUT}), so a stalled engine there would keep a build waiting forever. A guarded body counts
 * silence from the last bytes received; past the limit it closes the response, which aborts the
 * connection, and the blocked read ends in a {@link SocketTimeoutException}.
 */
final class IdleTimeout {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "dmsb-engine-idle-timeout");
            t.setDaemon(true);
            return t;
          });

  private IdleTimeout() {}

  /**
   * {@code body}, failing once the engine has sent nothing for {@code limit}; {@code connection} is
   * closed then. A null limit returns {@code body} as it is.
   */
  static InputStream guard(InputStream body, Duration limit, Closeable connection) {
    if (limit == null) {
      return body;
    }
    return new Guarded(body, limit, connection);
  }

  private static final class Guarded extends FilterInputStream {
    private final Duration limit;
    private final Closeable connection;
    private final ScheduledFuture<?> check;
    private volatile long lastBytes = System.nanoTime();
    private volatile boolean expired;

    Guarded(InputStream in, Duration limit, Closeable connection) {
      super(in);
      this.limit = limit;
      this.connection = connection;
      long period = Math.max(50, limit.toMillis() / 4);
      this.check = TIMER.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
      if (System.nanoTime() - lastBytes > limit.toNanos()) {
        expired = true;
        check.cancel(false);
        try {
          connection.close();
        } catch (IOException | RuntimeException e) {
          // the connection is being torn down either way
        }
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException e) {
        throw expired ? timedOut(e) : e;
      }
      if (n < 0 && expired) {
        throw timedOut(null);
      }
      lastBytes = System.nanoTime();
      return n;
    }

    private SocketTimeoutException timedOut(IOException cause) {
      SocketTimeoutException e =
          new SocketTimeoutException(
              "the engine sent nothing for "
                  + (limit.toMillis() < 1000 ? limit.toMillis() + " ms" : limit.toSeconds() + " s")
                  + " (the stream read timeout; raise it with --engine-timeout)");
      if (cause != null) {
        e.initCause(cause);
      }
      return e;
    }

    @Override
    public void close() throws IOException {
      check.cancel(false);
      super.close();
    }
  }
}
