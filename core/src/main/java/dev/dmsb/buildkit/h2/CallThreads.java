package dev.dmsb.buildkit.h2;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads one connection's calls run on, for either end: daemons, named for the connection. */
final class CallThreads {
  private CallThreads() {}

  /** A pool for the calls' callbacks; idle threads go after a second. */
  static ThreadPoolExecutor pool(String name) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        1,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> daemon(r, name + "-call-" + n.incrementAndGet()));
  }

  /** One thread that runs out the calls' deadlines. */
  static ScheduledThreadPoolExecutor deadlines(String name) {
    ScheduledThreadPoolExecutor d =
        new ScheduledThreadPoolExecutor(1, r -> daemon(r, name + "-deadlines"));
    d.setRemoveOnCancelPolicy(true);
    return d;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
