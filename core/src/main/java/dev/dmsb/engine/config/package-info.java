/**
 * Where the engine is and which registry credentials to use, resolved the way the docker CLI does
 * ({@code --host}, {@code DOCKER_HOST}, contexts, {@code DOCKER_TLS_VERIFY}/{@code
 * DOCKER_CERT_PATH}, {@code config.json} with {@code auths}, {@code credsStore} and {@code
 * credHelpers}). Pure Java: the environment and the home folder are passed in, so everything here
 * is testable without touching the process environment, and nothing here depends on docker-java.
 */
package dev.dmsb.engine.config;
