package dev.dmsb.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.RegistryAuth;
import java.io.IOException;
import java.time.Duration;

/** {@code POST /images/create?fromImage=..&tag=..}: a pull whose progress streams to a listener. */
final class Pull {
  private final String address;
  private final DockerHttpClient http;
  private final Duration idleLimit;

  /** {@code idleLimit}: the stream read timeout, or null to wait for the engine forever. */
  Pull(String address, DockerHttpClient http, Duration idleLimit) {
    this.address = address;
    this.http = http;
    this.idleLimit = idleLimit;
  }

  void run(String reference, RegistryAuth auth, BuildEventListener listener)
      throws EngineException {
    String[] nameAndTag = split(reference);
    StringBuilder path = new StringBuilder("/images/create?fromImage=");
    path.append(java.net.URLEncoder.encode(nameAndTag[0], java.nio.charset.StandardCharsets.UTF_8));
    BuildQuery.param(path, "tag", nameAndTag[1]);
    Request.Builder request = Request.builder().method(Request.Method.POST).path(path.toString());
    if (auth != null) {
      request.putHeader("X-Registry-Auth", BuildQuery.registryAuth(auth));
    }
    try (Response response = DockerEngine.send(address, http, request.build())) {
      int status = response.getStatusCode();
      if (status != 200) {
        throw Distribution.registryError(
            reference,
            status,
            EngineErrors.engineMessage(DockerEngine.readSome(response.getBody()), status));
      }
      BuildStreamParser parser = new BuildStreamParser(listener);
      try {
        parser.readAll(IdleTimeout.guard(response.getBody(), idleLimit, response));
      } catch (IOException e) {
        throw EngineErrors.lost(address, "the pull of " + reference, e);
      }
      if (parser.error().isPresent()) {
        throw Distribution.registryError(reference, 200, parser.error().get());
      }
    }
  }

  /**
   * Splits {@code name[:tag][@digest]} into the {@code fromImage} and {@code tag} parameters, as
   * the docker CLI does (a digest goes in {@code tag}; no tag means {@code latest}).
   */
  static String[] split(String reference) {
    int at = reference.indexOf('@');
    if (at >= 0) {
      return new String[] {reference.substring(0, at), reference.substring(at + 1)};
    }
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    if (colon > slash) {
      return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
    }
    return new String[] {reference, "latest"};
  }
}
