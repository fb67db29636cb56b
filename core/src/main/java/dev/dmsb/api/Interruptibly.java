package dev.dmsb.api;

import dev.dmsb.engine.Cancellation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs an engine operation so that interrupting the calling thread cancels it on the engine.
 * Blocking socket reads do not notice an interrupt, so the operation runs on a worker thread while
 * the caller waits; an interrupt cancels the operation's {@link Cancellation} (which closes its
 * connection) and the caller still waits for the worker to end, so that nothing started here runs
 * on after the call returns.
 */
final class Interruptibly {
  private Interruptibly() {}

  /** An operation that stops when its cancellation is cancelled. */
  @FunctionalInterface
  interface Operation<T> {
    T run(Cancellation cancellation) throws DmsbException;
  }

  /** An operation on an engine that stops when its cancellation is cancelled. */
  @FunctionalInterface
  interface EngineOperation<T> {
    T run(DmsbEngine engine, Cancellation cancellation) throws DmsbException;
  }

  /**
   * Runs {@code operation} as {@link #run(String, Operation)} does, on {@code given}, or on the
   * engine of the environment when it is null (closed afterwards); the engine's configuration
   * warnings go to {@code handler} first.
   */
  static <T> T onEngine(
      String what,
      DmsbEngine given,
      java.util.function.Consumer<DmsbEvent> handler,
      EngineOperation<T> operation)
      throws DmsbException {
    return run(
        what,
        cancellation -> {
          DmsbEngine used = given != null ? given : DmsbEngine.fromEnvironment();
          try {
            used.warnings().forEach(w -> handler.accept(new DmsbEvent.Warning(w)));
            return operation.run(used, cancellation);
          } finally {
            if (given == null) {
              used.close();
            }
          }
        });
  }

  /** Runs {@code operation} (named {@code what} in messages) and returns its result. */
  static <T> T run(String what, Operation<T> operation) throws DmsbException {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException(
          "the " + what + " was not started: the calling thread is interrupted");
    }
    Cancellation cancellation = Cancellation.create();
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                result.complete(operation.run(cancellation));
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "dmsb-" + what);
    worker.setDaemon(true);
    worker.start();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          T value = result.get();
          return value;
        } catch (InterruptedException e) {
          interrupted = true;
          cancellation.cancel(); // then wait on for the worker to end
        } catch (ExecutionException e) {
          if (interrupted) {
            throw new CancelledException(
                "the "
                    + what
                    + " was cancelled: the calling thread was interrupted and the engine was"
                    + " told to stop");
          }
          throw unwrap(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static DmsbException unwrap(Throwable cause) {
    if (cause instanceof DmsbException d) {
      return d;
    }
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new DmsbException("dmsb failed: " + cause, cause);
  }
}
