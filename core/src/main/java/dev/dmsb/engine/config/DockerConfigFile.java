package dev.dmsb.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of the docker CLI's {@code config.json} dmsb uses. A missing file reads as empty, like
 * the docker CLI.
 *
 * @param path where it was read from
 * @param currentContext {@code currentContext}, or null
 * @param auths {@code auths}: server key as written → entry
 * @param credsStore {@code credsStore}, or null
 * @param credHelpers {@code credHelpers}: registry host → helper suffix
 */
public record DockerConfigFile(
    Path path,
    String currentContext,
    Map<String, AuthEntry> auths,
    String credsStore,
    Map<String, String> credHelpers) {

  public DockerConfigFile {
    auths = Map.copyOf(auths);
    credHelpers = Map.copyOf(credHelpers);
  }

  /**
   * One {@code auths} entry; {@link #toString()} hides the secrets.
   *
   * @param auth base64 of {@code user:password}, or null
   * @param username username, or null
   * @param password password, or null
   * @param identityToken {@code identitytoken}, or null
   */
  public record AuthEntry(String auth, String username, String password, String identityToken) {
    @Override
    public String toString() {
      return "AuthEntry[user=" + username + ", secrets=***]";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code <dir>/config.json}; an absent file gives an empty configuration. */
  public static DockerConfigFile read(Path dockerConfigDir) throws EngineConfigException {
    return readFile(dockerConfigDir.resolve("config.json"));
  }

  /**
   * Reads a file in the docker configuration's form ({@code auths}, {@code credsStore}, {@code
   * credHelpers}), as containers/image's {@code auth.json} is too; an absent file gives an empty
   * configuration.
   */
  public static DockerConfigFile readFile(Path file) throws EngineConfigException {
    if (!Files.isRegularFile(file)) {
      return new DockerConfigFile(file, null, Map.of(), null, Map.of());
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new EngineConfigException(
          "Cannot read the docker configuration "
              + file
              + ": "
              + e.getMessage()
              + ". Fix the JSON or point DOCKER_CONFIG at another folder.",
          e);
    }
    if (root == null || !root.isObject()) {
      throw new EngineConfigException(
          "The docker configuration " + file + " is not a JSON object; fix or remove it.");
    }
    Map<String, AuthEntry> auths = new LinkedHashMap<>();
    root.path("auths")
        .fields()
        .forEachRemaining(
            e ->
                auths.put(
                    e.getKey(),
                    new AuthEntry(
                        text(e.getValue(), "auth"),
                        text(e.getValue(), "username"),
                        text(e.getValue(), "password"),
                        text(e.getValue(), "identitytoken"))));
    Map<String, String> helpers = new LinkedHashMap<>();
    root.path("credHelpers")
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isTextual() && !e.getValue().asText().isEmpty()) {
                helpers.put(e.getKey(), e.getValue().asText());
              }
            });
    return new DockerConfigFile(
        file, text(root, "currentContext"), auths, text(root, "credsStore"), helpers);
  }

  /** The current context, if one other than {@code default} is set. */
  public Optional<String> context() {
    return Optional.ofNullable(currentContext).filter(c -> !c.isEmpty());
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
  }
}
