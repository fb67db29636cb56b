package dev.dmsb.junit;

import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.DmsbException;
import java.util.ArrayList;
import java.util.List;

/**
 * Images a container still held when their test class ended, removed when the JVM exits. With Ryuk
 * off, Testcontainers removes its containers in a shutdown hook of its own, which runs alongside
 * this one: each image is tried again until its holders are gone, for a bounded time.
 */
final class RemovalAtExit {
  private static final long WAIT_MILLIS = 60_000;
  private static final long POLL_MILLIS = 200;
  private static final List<BuiltImage> PENDING = new ArrayList<>();
  private static boolean hookAdded;

  private RemovalAtExit() {}

  static synchronized void add(BuiltImage image) {
    PENDING.add(image);
    if (!hookAdded) {
      hookAdded = true;
      Runtime.getRuntime().addShutdownHook(new Thread(RemovalAtExit::run, "dmsb-junit-cleanup"));
    }
  }

  private static void run() {
    List<BuiltImage> left;
    synchronized (RemovalAtExit.class) {
      left = new ArrayList<>(PENDING);
    }
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
      while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
        left.removeIf(image -> removed(engine, image));
        if (!left.isEmpty()) {
          Thread.sleep(POLL_MILLIS); // the other hook is removing the holders
        }
      }
    } catch (DmsbException | InterruptedException e) {
      // the JVM is going; nobody is left to tell
    }
  }

  private static boolean removed(DmsbEngine engine, BuiltImage image) {
    try {
      return engine.removeImages(image).isEmpty();
    } catch (DmsbException e) {
      return false;
    }
  }
}
