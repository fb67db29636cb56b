package dev.dmsb.engine;

/**
 * Credentials for one registry, as the Engine API takes them. {@link #toString()} never shows a
 * secret.
 */
public record RegistryAuth(
    String serverAddress, String username, String password, String identityToken) {

  @Override
  public String toString() {
    return "RegistryAuth[" + serverAddress + ", user=" + username + ", secret=***]";
  }
}
