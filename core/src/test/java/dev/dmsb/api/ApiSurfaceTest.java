package dev.dmsb.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule of the api package: no internal type in a public signature. Every public member of every
 * public type in {@code dev.dmsb.api} names only JDK types and API types, generic arguments
 * included.
 */
class ApiSurfaceTest {

  @Test
  void publicSignaturesNameOnlyJdkAndApiTypes() throws Exception {
    List<String> violations = new ArrayList<>();
    int checked = 0;
    for (JavaClass c :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.dmsb.api")) {
      Class<?> type = Class.forName(c.getName());
      if (!Modifier.isPublic(type.getModifiers())
          || !type.getPackageName().equals("dev.dmsb.api")) {
        continue;
      }
      checked++;
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic()) {
          check(type, m.getName(), m.getGenericReturnType(), violations);
          checkExecutable(type, m, violations);
        }
      }
      for (Constructor<?> k : type.getDeclaredConstructors()) {
        if (Modifier.isPublic(k.getModifiers())) {
          checkExecutable(type, k, violations);
        }
      }
      for (Field f : type.getDeclaredFields()) {
        if (Modifier.isPublic(f.getModifiers())) {
          check(type, f.getName(), f.getGenericType(), violations);
        }
      }
      check(type, "extends", type.getGenericSuperclass(), violations);
      for (Type i : type.getGenericInterfaces()) {
        check(type, "implements", i, violations);
      }
    }
    assertThat(checked).as("public API types found").isGreaterThan(15);
    assertThat(violations).isEmpty();
  }

  @Test
  void theRuleCatchesAnInternalType() {
    List<String> violations = new ArrayList<>();
    check(ApiSurfaceTest.class, "probe", dev.dmsb.verify.VerifyReport.class, violations);
    assertThat(violations).singleElement().asString().contains("VerifyReport");
  }

  private static void checkExecutable(Class<?> owner, Executable e, List<String> violations) {
    for (Type p : e.getGenericParameterTypes()) {
      check(owner, e.getName(), p, violations);
    }
    for (Type x : e.getGenericExceptionTypes()) {
      check(owner, e.getName(), x, violations);
    }
  }

  private static void check(Class<?> owner, String member, Type type, List<String> violations) {
    if (type == null) {
      return;
    }
    if (type instanceof Class<?> c) {
      Class<?> raw = c;
      while (raw.isArray()) {
        raw = raw.getComponentType();
      }
      String name = raw.getName();
      if (!raw.isPrimitive()
          && !name.startsWith("java.")
          && !raw.getPackageName().equals("dev.dmsb.api")) {
        violations.add(owner.getSimpleName() + "." + member + " names " + name);
      }
    } else if (type instanceof ParameterizedType p) {
      check(owner, member, p.getRawType(), violations);
      for (Type a : p.getActualTypeArguments()) {
        check(owner, member, a, violations);
      }
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(owner, member, b, violations);
      }
      for (Type b : w.getLowerBounds()) {
        check(owner, member, b, violations);
      }
    } else if (type instanceof GenericArrayType g) {
      check(owner, member, g.getGenericComponentType(), violations);
    } else if (type instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        check(owner, member, b, violations);
      }
    }
  }
}
