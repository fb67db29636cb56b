package dev.dmsb.testcontainers;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Tells {@link ImageFromDmsb} which test class runs, and removes its images when the class ends.
 * The JUnit Platform launcher loads it by itself (it is listed in {@code
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener}); it hears that a class
 * ended after the class's extensions are closed, so after Testcontainers' {@code @Container}
 * containers are stopped.
 */
public final class TestClassCleanupListener implements TestExecutionListener {
  private volatile TestPlan plan;

  /** Made by the launcher through {@link java.util.ServiceLoader}. */
  public TestClassCleanupListener() {}

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
  }

  @Override
  public void executionStarted(TestIdentifier test) {
    if (isClass(test) && test.getSource().orElse(null) instanceof ClassSource c) {
      ClassEndCleanup.started(test.getUniqueId(), c.getClassName());
    }
  }

  @Override
  public void executionFinished(TestIdentifier test, TestExecutionResult result) {
    if (isClass(test)) {
      ClassEndCleanup.finished(test.getUniqueId());
    }
  }

  /** A class whose parent is an engine: not a {@code @Nested} class. */
  private boolean isClass(TestIdentifier test) {
    if (!test.isContainer() || !(test.getSource().orElse(null) instanceof ClassSource)) {
      return false;
    }
    TestPlan p = plan;
    return p == null
        || p.getParent(test).map(parent -> parent.getParentIdObject().isEmpty()).orElse(true);
  }
}
