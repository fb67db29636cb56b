package dev.dmsb.junit;

import dev.dmsb.api.BuildPlan;
import dev.dmsb.api.BuiltImage;
import dev.dmsb.api.Dmsb;
import dev.dmsb.api.DmsbEngine;
import dev.dmsb.api.DmsbException;
import dev.dmsb.api.VerifyExpectations;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link DmsbImage}; registered by the annotation itself. Static fields are
 * filled before all tests, instance fields before each test, parameters on demand; every one asks
 * the test class's store, so each distinct annotation is built once per test class. The store
 * closes the image when the class is done, which removes it; an image a container still uses then
 * (a container started by hand, which Testcontainers without Ryuk removes only at JVM exit) is
 * removed when the JVM exits, once its containers are gone.
 */
public final class DmsbExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DmsbExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    inject(context.getRequiredTestClass(), null, context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      inject(instance.getClass(), instance, context);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.isAnnotated(DmsbImage.class)
        && parameter.getParameter().getType() == BuiltImage.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    DmsbImage spec = parameter.findAnnotation(DmsbImage.class).orElseThrow();
    try {
      return image(context, spec);
    } catch (IllegalStateException e) {
      throw new ParameterResolutionException(e.getMessage(), e.getCause());
    }
  }

  private void inject(Class<?> type, Object instance, ExtensionContext context) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        DmsbImage spec = field.getAnnotation(DmsbImage.class);
        boolean isStatic = Modifier.isStatic(field.getModifiers());
        if (spec == null || isStatic == (instance != null)) {
          continue;
        }
        if (field.getType() != BuiltImage.class) {
          throw new IllegalStateException(
              "@DmsbImage field "
                  + c.getSimpleName()
                  + "."
                  + field.getName()
                  + " has type "
                  + field.getType().getSimpleName()
                  + "; declare it as BuiltImage");
        }
        if (Modifier.isFinal(field.getModifiers())) {
          throw new IllegalStateException(
              "@DmsbImage field "
                  + c.getSimpleName()
                  + "."
                  + field.getName()
                  + " is final; drop final");
        }
        try {
          field.setAccessible(true);
          field.set(instance, image(context, spec));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("cannot set " + field + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** The image for {@code spec}, built on first use in the test class's store. */
  private static BuiltImage image(ExtensionContext context, DmsbImage spec) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    Class<?> testClass = classContext.getRequiredTestClass();
    ExtensionContext.Store store = classContext.getStore(NAMESPACE);
    BuiltResource resource =
        store.getOrComputeIfAbsent(
            List.of(testClass, spec),
            key -> BuiltResource.build(testClass, spec),
            BuiltResource.class);
    return resource.image();
  }

  /** One built image (or the failure to build it) and the duty to remove it. */
  // CloseableResource for JUnit 5 before 5.13; AutoCloseable for 5.13 on (which warns about a
  // resource that is only the former) and 6. close() is idempotent, so either may call it.
  @SuppressWarnings("deprecation")
  static final class BuiltResource
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final BuiltImage image;
    private final RuntimeException failure;
    private boolean closed;

    private BuiltResource(BuiltImage image, RuntimeException failure) {
      this.image = image;
      this.failure = failure;
    }

    @SuppressWarnings("deprecation")
    static BuiltResource build(Class<?> testClass, DmsbImage spec) {
      Path context = Path.of(spec.context());
      String where = where(testClass, context, spec);
      if (where != null) {
        return new BuiltResource(null, new IllegalStateException(where));
      }
      VerifyExpectations expectations;
      try {
        expectations = expectations(spec);
      } catch (IllegalArgumentException e) {
        return new BuiltResource(
            null,
            new IllegalStateException(
                "@DmsbImage of " + testClass.getSimpleName() + ": " + e.getMessage(), e));
      }
      BuildPlan plan =
          Dmsb.build(context)
              .dockerfile(context.resolve(spec.dockerfile()))
              .backend(
                  spec.builder() != dev.dmsb.api.Builder.AUTO
                      ? spec.builder().backend()
                      : spec.backend())
              .expect(expectations);
      boolean pushed = !spec.buildkitHost().isEmpty();
      if (pushed) {
        if (spec.registry().isEmpty()) {
          return new BuiltResource(
              null,
              new IllegalStateException(
                  "@DmsbImage of "
                      + testClass.getSimpleName()
                      + ": buildkitHost needs registry = \"HOST:PORT\" to push the image to (a"
                      + " BuildKit daemon has no image store)"));
        }
        plan.buildkitHost(spec.buildkitHost()).push();
        plan.tag(spec.registry().replaceAll("/+$", "") + "/" + uniqueTag(testClass));
      } else {
        plan.tag(uniqueTag(testClass));
      }
      for (String tag : spec.tags()) {
        plan.tag(tag);
      }
      if (!spec.target().isEmpty()) {
        plan.target(spec.target());
      }
      for (String arg : spec.buildArgs()) {
        int eq = arg.indexOf('=');
        if (eq <= 0) {
          return new BuiltResource(
              null,
              new IllegalStateException(
                  "@DmsbImage buildArgs entry '" + arg + "' is not NAME=value; write it so"));
        }
        plan.buildArg(arg.substring(0, eq), arg.substring(eq + 1));
      }
      if (spec.noCache()) {
        plan.noCache();
      }
      try {
        BuiltResource built = new BuiltResource(plan.build(), null);
        built.closed = pushed; // in the registry, not in an engine: nothing to remove
        return built;
      } catch (DmsbException e) {
        return new BuiltResource(
            null,
            new IllegalStateException(
                "dmsb could not build the @DmsbImage of "
                    + testClass.getSimpleName()
                    + " ("
                    + spec.context()
                    + "/"
                    + spec.dockerfile()
                    + "): "
                    + e.getMessage(),
                e));
      }
    }

    /** Why the annotation's paths name nothing, in the annotation's words; null when they do. */
    private static String where(Class<?> testClass, Path context, DmsbImage spec) {
      Path cwd = Path.of("").toAbsolutePath();
      String at = "@DmsbImage of " + testClass.getSimpleName() + ": ";
      if (!Files.isDirectory(context)) {
        return at
            + "context = \""
            + spec.context()
            + "\" names no folder ("
            + cwd.resolve(context).normalize()
            + "); context is relative to the working folder "
            + cwd;
      }
      Path file = context.resolve(spec.dockerfile());
      if (!Files.isRegularFile(file)) {
        return at
            + "dockerfile = \""
            + spec.dockerfile()
            + "\" names no file ("
            + cwd.resolve(file).normalize()
            + "); dockerfile is relative to the context "
            + cwd.resolve(context).normalize()
            + (Files.isRegularFile(Path.of(spec.dockerfile()))
                ? ", not to the working folder"
                : "");
      }
      return null;
    }

    private static VerifyExpectations expectations(DmsbImage spec) {
      VerifyExpectations e = VerifyExpectations.none();
      if (spec.expectLayers() >= 0) {
        e = e.layers(spec.expectLayers());
      }
      if (!spec.maxSize().isEmpty()) {
        e = e.maxSize(spec.maxSize());
      }
      if (spec.forbid().length > 0) {
        e = e.forbid(spec.forbid());
      }
      return spec.strict() ? e.strict() : e;
    }

    BuiltImage image() {
      if (failure != null) {
        throw failure;
      }
      return image;
    }

    @Override
    public synchronized void close() throws DmsbException {
      if (closed || image == null) {
        return;
      }
      closed = true;
      List<String> kept;
      try (DmsbEngine engine = DmsbEngine.fromEnvironment()) {
        kept = new ArrayList<>(engine.removeImages(image));
      }
      if (!kept.isEmpty() && kept.stream().allMatch(k -> k.contains("container"))) {
        // A container still holds it (Testcontainers, with Ryuk off, removes its containers only
        // when the JVM exits): the image goes then, after them.
        RemovalAtExit.add(image);
        return;
      }
      if (!kept.isEmpty()) {
        throw new IllegalStateException(
            "dmsb could not remove what the @DmsbImage build made: "
                + String.join("; ", kept)
                + "; stop the containers that use the image before the test class ends");
      }
    }

    private static String uniqueTag(Class<?> testClass) {
      String name =
          testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
      name = name.replaceAll("^-+|-+$", "");
      byte[] random = new byte[6];
      new SecureRandom().nextBytes(random);
      return "dmsb-junit/"
          + (name.isEmpty() ? "test" : name)
          + ":"
          + HexFormat.of().formatHex(random);
    }
  }
}
