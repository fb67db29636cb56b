/**
 * JUnit 5 support: {@link dev.dmsb.junit.DmsbImage} builds an image once per test class with dmsb,
 * injects it as a {@link dev.dmsb.api.BuiltImage}, and removes it afterwards. Needs {@code
 * junit-jupiter-api} on the test class path (dmsb-core declares it optional); it does not need
 * Testcontainers, but the injected image's ID works with it directly.
 */
package dev.dmsb.junit;
