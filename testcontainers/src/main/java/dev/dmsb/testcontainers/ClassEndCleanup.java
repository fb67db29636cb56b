package dev.dmsb.testcontainers;

import dev.dmsb.api.DmsbException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which test class is running on which thread (told by {@link TestClassCleanupListener}), and the
 * removals to run when each ends. A removal registered where no test class runs (no JUnit Platform,
 * or a thread of a parallel start) goes to the only class running, else to JVM exit.
 */
final class ClassEndCleanup {
  private static final System.Logger LOG = System.getLogger(ClassEndCleanup.class.getName());
  private static final ThreadLocal<Deque<String>> RUNNING =
      ThreadLocal.withInitial(ArrayDeque::new);
  private static final Map<String, Integer> ACTIVE = new LinkedHashMap<>();
  private static final Map<String, String> CLASS_NAMES = new LinkedHashMap<>();
  private static final Map<String, List<Cleanup>> PENDING = new LinkedHashMap<>();
  private static final List<Cleanup> AT_EXIT = new ArrayList<>();
  private static boolean hookAdded;

  private ClassEndCleanup() {}

  /** What to do when a class ends: remove an image. */
  @FunctionalInterface
  interface Cleanup {
    void run() throws DmsbException;
  }

  private static void runQuietly(Cleanup c) {
    try {
      c.run();
    } catch (DmsbException | RuntimeException e) {
      // at JVM exit nobody is left to tell
    }
  }

  /**
   * A top-level test class (by its unique ID) starts on this thread. {@code @Nested} classes are
   * not told: their outer class's other tests may still use the image.
   */
  static synchronized void started(String testClass, String className) {
    RUNNING.get().push(testClass);
    CLASS_NAMES.put(testClass, className);
    ACTIVE.merge(testClass, 1, Integer::sum);
  }

  /** A test class ended (its containers are stopped): its images go now. */
  static void finished(String testClass) {
    List<Cleanup> removals;
    synchronized (ClassEndCleanup.class) {
      RUNNING.get().remove(testClass);
      ACTIVE.computeIfPresent(testClass, (k, n) -> n == 1 ? null : n - 1);
      if (!ACTIVE.containsKey(testClass)) {
        CLASS_NAMES.remove(testClass);
      }
      removals = PENDING.remove(testClass);
    }
    if (removals == null) {
      return;
    }
    for (Cleanup r : removals) {
      try {
        r.run();
      } catch (DmsbException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; trying again at JVM exit");
        atExit(r);
      }
    }
  }

  /** The name of the test class the image would belong to, for its tag; else "image". */
  static synchronized String currentClass() {
    String owner = owner();
    return owner == null ? "image" : CLASS_NAMES.getOrDefault(owner, "image");
  }

  /** Removes {@code removal}'s image when the current test class ends, or at JVM exit. */
  static void register(Cleanup removal) {
    synchronized (ClassEndCleanup.class) {
      String owner = owner();
      if (owner != null) {
        PENDING.computeIfAbsent(owner, k -> new ArrayList<>()).add(removal);
        return;
      }
    }
    atExit(removal);
  }

  private static String owner() {
    Deque<String> mine = RUNNING.get();
    if (!mine.isEmpty()) {
      return mine.peek(); // the innermost top-level class (a launcher may run inside a test)
    }
    return ACTIVE.size() == 1 ? ACTIVE.keySet().iterator().next() : null;
  }

  private static synchronized void atExit(Cleanup removal) {
    AT_EXIT.add(removal);
    if (!hookAdded) {
      hookAdded = true;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    List<Cleanup> all;
                    synchronized (ClassEndCleanup.class) {
                      all = List.copyOf(AT_EXIT);
                    }
                    all.forEach(ClassEndCleanup::runQuietly);
                  },
                  "dmsb-testcontainers-cleanup"));
    }
  }
}
