package dev.dmsb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the package arrows of STYLE.md pointing one way. Rules over packages that are still empty
 * allow an empty match, so they guard the code from the moment it is written.
 */
@AnalyzeClasses(packages = "dev.dmsb", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String DOCKER_JAVA = "com.github.dockerjava..";

  @ArchTest
  static final ArchRule dockerJavaOnlyInTheEngineAdapter =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.dmsb.engine.docker..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(DOCKER_JAVA)
          .because("docker-java stays behind the engine port, in dev.dmsb.engine.docker");

  @ArchTest
  static final ArchRule enginePortIsFreeOfItsAdapter =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb.engine")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DOCKER_JAVA, "dev.dmsb.engine.docker..", "dev.dmsb.engine.config..")
          .because(
              "the port names dmsb's own types only; the adapter and the connection config depend"
                  + " on it, not the reverse");

  @ArchTest
  static final ArchRule dialingUsesTheJdkOnly =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb.engine.net..")
          .should()
          .dependOnClassesThat()
          .resideOutsideOfPackages("java..", "javax..", "dev.dmsb.engine", "dev.dmsb.engine.net..")
          .because(
              "the engine adapter and the BuildKit client both dial through dev.dmsb.engine.net,"
                  + " so neither one's client library may reach it");

  @ArchTest
  static final ArchRule grpcOnlyInTheBuildkitClient =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.dmsb.buildkit..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.grpc..", "io.netty..")
          .because("BuildKit's wire protocol stays in dev.dmsb.buildkit");

  @ArchTest
  static final ArchRule protobufOnlyWhereBuildkitMessagesAreRead =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.dmsb.buildkit..", "dev.dmsb.engine.docker..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.google.protobuf..")
          .because(
              "protobuf messages are BuildKit's: the session's in dev.dmsb.buildkit, the progress"
                  + " trace the engine relays in dev.dmsb.engine.docker");

  @ArchTest
  static final ArchRule buildsKnowOnlyThePorts =
      noClasses()
          .that()
          .resideInAnyPackage("dev.dmsb.build..", "dev.dmsb.engine", "dev.dmsb.engine.docker..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.dmsb.buildkit..")
          .because(
              "the build opens sessions through the BuildSessions port; the engine adapter"
                  + " and the BuildKit client do not know each other");

  @ArchTest
  static final ArchRule buildkitClientKnowsNoOtherAdapter =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb.buildkit..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DOCKER_JAVA, "dev.dmsb.engine.docker..", "dev.dmsb.build..")
          .because("the BuildKit client implements the ports and knows nothing else of dmsb");

  @ArchTest
  static final ArchRule verifyReadsImagesThroughThePort =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb.verify..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.dmsb.archive..",
              "dev.dmsb.registry..",
              "dev.dmsb.transport..",
              "dev.dmsb.engine.docker..")
          .because(
              "verify reads images through the image-source port; only its Engine convenience"
                  + " overloads name the docker-daemon adapter");

  @ArchTest
  static final ArchRule imagePortIsFreeOfItsAdapters =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb.image")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.dmsb.archive..",
              "dev.dmsb.registry..",
              "dev.dmsb.daemon..",
              "dev.dmsb.transport..",
              "dev.dmsb.verify..")
          .because("the port names dmsb's own types only; the adapters depend on it");

  @ArchTest
  static final ArchRule topLevelPackagesAreFreeOfCycles =
      slices().matching("dev.dmsb.(*)..").should().beFreeOfCycles().allowEmptyShould(true);

  @ArchTest
  static final ArchRule dockerfilePackagesAreFreeOfCycles =
      slices()
          .matching("dev.dmsb.dockerfile.(*)..")
          .should()
          .beFreeOfCycles()
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule frontEndKnowsNothingOfEnginesOrBuilds =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb.dockerfile..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.dmsb.engine..", "dev.dmsb.build..", "dev.dmsb.verify..", "dev.dmsb.api..")
          .allowEmptyShould(true)
          .because("the Dockerfile front end is pure text-to-model code");

  @ArchTest
  static final ArchRule syntaxIsTheBottomLayer =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb.dockerfile.syntax..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.dmsb.dockerfile.instruction..",
              "dev.dmsb.dockerfile.graph..",
              "dev.dmsb.dockerfile.check..",
              "dev.dmsb.dockerfile.rewrite..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule instructionsDoNotKnowTheGraph =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb.dockerfile.instruction..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.dmsb.dockerfile.graph..",
              "dev.dmsb.dockerfile.check..",
              "dev.dmsb.dockerfile.rewrite..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule graphDoesNotKnowChecksOrRewrites =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb.dockerfile.graph..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.dmsb.dockerfile.check..", "dev.dmsb.dockerfile.rewrite..")
          .allowEmptyShould(true);

  @ArchTest
  static final ArchRule onlyTheFacadeSeesEverything =
      noClasses()
          .that()
          .resideInAnyPackage("dev.dmsb.build..", "dev.dmsb.verify..", "dev.dmsb.engine..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.dmsb.api..")
          .allowEmptyShould(true)
          .because("api is the facade over build, verify and the engine, not a dependency of them");

  @ArchTest
  static final ArchRule onlyLiteMessages =
      noClasses()
          .that()
          .resideInAPackage("dev.dmsb..")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("com.google.protobuf.GeneratedMessage")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("com.google.protobuf.Descriptors")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName("com.google.protobuf.Timestamp")
          .because(
              "a message of protobuf's full runtime (a well-known type such as Timestamp) builds"
                  + " its descriptors on first use, a cost every Control call paid; the messages"
                  + " are lite, and the well-known types dmsb needs are declared in wire.proto");
}
