package dev.dmsb.engine;

/** Receives engine events as they arrive. Called from the thread that reads the response. */
@FunctionalInterface
public interface BuildEventListener {
  void on(BuildEvent event);

  /** A listener that ignores everything. */
  static BuildEventListener none() {
    return event -> {};
  }
}
