package dev.dmsb.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** docker-java stays inside {@code dev.dmsb.engine.docker}; the port and config never see it. */
class EngineBoundaryTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.dmsb");

  @Test
  void onlyTheAdapterImportsDockerJava() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.dmsb.engine.docker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.github.dockerjava..")
        .check(classes);
  }

  @Test
  void thePortDependsOnNoAdapterAndNoConfig() {
    noClasses()
        .that()
        .resideInAPackage("dev.dmsb.engine")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.dmsb.engine.docker..", "dev.dmsb.engine.config..")
        .check(classes);
  }
}
