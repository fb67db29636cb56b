package dev.dmsb.buildkit.h2;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one call's callbacks one at a time, in order, on a shared pool: gRPC's listener contract,
 * and what keeps a slow handler (a credential helper, a file being written) off the thread that
 * reads the connection and answers its health checks.
 */
final class SerialTasks implements Runnable {
  private final Executor pool;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  SerialTasks(Executor pool) {
    this.pool = pool;
  }

  void execute(Runnable task) {
    queue.add(task);
    if (running.compareAndSet(false, true)) {
      pool.execute(this);
    }
  }

  @Override
  public void run() {
    while (true) {
      Runnable task;
      while ((task = queue.poll()) != null) {
        task.run();
      }
      running.set(false);
      // a task added between the last poll and the reset: take it on, unless another run has
      if (queue.isEmpty() || !running.compareAndSet(false, true)) {
        return;
      }
    }
  }
}
