/**
 * dmsb for Testcontainers: {@link dev.dmsb.testcontainers.ImageFromDmsb} is a lazy image (a {@code
 * Future<String>}, as Testcontainers' own {@code ImageFromDockerfile}) that a {@code
 * GenericContainer} resolves when it starts, so a {@code static @Container} field can use an image
 * dmsb builds and verifies. It is built on the engine Testcontainers uses and removed when the test
 * class ends, after Testcontainers has stopped the class's containers.
 */
package dev.dmsb.testcontainers;
