package dev.dmsb.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A way to stop a running engine operation from another thread (Ctrl-C, a timeout). {@link
 * #cancel()} runs the actions the operation registered; for a build, the adapter closes the HTTP
 * response, which aborts the connection, and the engine stops the build when its client goes away
 * (BuildKit cancels the solve; the legacy builder stops the step and, with {@code forcerm}, removes
 * its intermediate container). The cancelled operation then throws {@link
 * OperationCancelledException}.
 */
public final class Cancellation {
  private final List<Runnable> actions = new ArrayList<>();
  private boolean cancelled;

  /** A cancellation nobody has cancelled yet. */
  public static Cancellation create() {
    return new Cancellation();
  }

  /** Cancels: runs every registered action once (later registrations run at once). */
  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = new ArrayList<>(actions);
      actions.clear();
    }
    for (Runnable action : toRun) {
      action.run();
    }
  }

  /** Whether {@link #cancel()} was called. */
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Registers what to do on cancellation; runs it at once if already cancelled. Close the returned
   * registration when the operation is over.
   */
  public Registration onCancel(Runnable action) {
    synchronized (this) {
      if (!cancelled) {
        actions.add(action);
        return () -> {
          synchronized (this) {
            actions.remove(action);
          }
        };
      }
    }
    action.run();
    return () -> {};
  }

  /** A registered action; closing it unregisters the action. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
