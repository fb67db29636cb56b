package dev.dmsb.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.config.RegistryCredentials;
import java.io.IOException;

/**
 * What the engine asks a registry on dmsb's behalf ({@code GET /distribution/{name}/json}), and how
 * a registry's refusal is told apart: not found, access refused, or other.
 */
final class Distribution {
  private Distribution() {}

  /** The registry digest of {@code reference}, as the engine asks the registry for it. */
  static String digest(
      String address, DockerHttpClient control, String reference, RegistryAuth auth)
      throws EngineException {
    Request.Builder request =
        Request.builder()
            .method(Request.Method.GET)
            .path("/distribution/" + BuildQuery.imagePath(reference) + "/json");
    if (auth != null) {
      request.putHeader("X-Registry-Auth", BuildQuery.registryAuth(auth));
    }
    try (Response response = DockerEngine.send(address, control, request.build())) {
      int status = response.getStatusCode();
      byte[] body = DockerEngine.readSome(response.getBody());
      if (status == 200) {
        try {
          JsonNode digest = EngineJson.MAPPER.readTree(body).path("Descriptor").path("digest");
          if (digest.isTextual()) {
            return digest.asText();
          }
        } catch (IOException e) {
          // fall through to the error below
        }
        throw new EngineException(
            "The engine gave no digest for " + reference + " (GET /distribution/.../json).");
      }
      throw registryError(reference, status, EngineErrors.engineMessage(body, status));
    }
  }

  /** An error about a registry reference: not found, refused, or other. */
  static EngineException registryError(String reference, int status, String message) {
    String registry = RegistryCredentials.registryHost(reference);
    if (status == 404 || message.contains("manifest unknown") || message.contains("not found")) {
      return new ImageNotFoundException(
          reference, reference + " was not found in the registry " + registry + ": " + message);
    }
    if (status == 401
        || status == 403
        || message.contains("unauthorized")
        || message.contains("denied")
        // what the engine says when it has no credentials to send to a registry that wants some
        || message.contains("no basic auth credentials")
        || message.contains("authentication required")) {
      return new EngineException(
          "The registry "
              + registry
              + " refused access to "
              + reference
              + ": "
              + message
              + ". Log in with `docker login "
              + registry
              + "` or fix the credentials in the docker configuration.");
    }
    return new EngineException(
        "Asking the registry " + registry + " for " + reference + " failed: " + message);
  }
}
