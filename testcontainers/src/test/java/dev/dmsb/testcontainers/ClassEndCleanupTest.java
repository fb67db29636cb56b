package dev.dmsb.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The clean-up runs when the class that registered it ends, after the class's extensions have
 * closed what they keep in the class's store (as Testcontainers stops its {@code @Container}s), not
 * when a {@code @Nested} class ends; the launcher finds the listener by itself.
 */
class ClassEndCleanupTest {
  static final List<String> EVENTS = Collections.synchronizedList(new ArrayList<>());

  /** Keeps a resource in the class's store, as Testcontainers keeps its started containers. */
  static class StoresAResource implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      if (context.getRequiredTestClass() != Sample.class) {
        return; // a @Nested class inherits the extension; its outer class's store is the one
      }
      context
          .getStore(ExtensionContext.Namespace.create(StoresAResource.class))
          .put("container", (AutoCloseable) () -> EVENTS.add("container stopped"));
    }
  }

  @ExtendWith(StoresAResource.class)
  static class Sample {
    @BeforeAll
    static void resolve() {
      EVENTS.add("image built for " + ClassEndCleanup.currentClass());
      ClassEndCleanup.register(() -> EVENTS.add("image removed"));
    }

    @Test
    void first() {
      EVENTS.add("test");
    }

    @Nested
    class Inner {
      @Test
      void second() {
        EVENTS.add("nested test");
      }
    }
  }

  @Test
  void theImageGoesAfterTheClassesContainersAndOnlyOnce() {
    EVENTS.clear();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class)).build(),
            summary);
    assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(2);
    assertThat(EVENTS.get(0)).isEqualTo("image built for " + Sample.class.getName());
    assertThat(EVENTS.subList(1, EVENTS.size()))
        .containsExactlyInAnyOrder("test", "nested test", "container stopped", "image removed");
    assertThat(EVENTS.subList(EVENTS.size() - 2, EVENTS.size()))
        .containsExactly("container stopped", "image removed");
  }
}
