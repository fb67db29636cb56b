package dev.dmsb.cli;

import dev.dmsb.engine.Cancellation;

/**
 * Ctrl-C for a command that works on the engine: while open, the JVM's shutdown (SIGINT, SIGTERM)
 * first cancels {@code cancellation}, so the engine-side work is stopped (the connection closed)
 * before the process exits with 130. Closing it removes the hook once the work is over.
 */
final class CancelOnInterrupt implements AutoCloseable {
  private final Thread hook;

  private CancelOnInterrupt(Thread hook) {
    this.hook = hook;
  }

  /** Cancels {@code cancellation} when the process is interrupted, until closed. */
  static CancelOnInterrupt cancelling(Cancellation cancellation, String what) {
    Thread hook = new Thread(cancellation::cancel, "dmsb-cancel-" + what);
    Runtime.getRuntime().addShutdownHook(hook);
    return new CancelOnInterrupt(hook);
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting (Ctrl-C): the hook is running and cancels the work.
    }
  }
}
