package dev.dmsb.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;

/**
 * The pull side of the registry API v2 over the JDK's HTTP client: {@code GET /v2/}, {@code
 * /v2/<name>/manifests/<ref>} and {@code /v2/<name>/blobs/<digest>}.
 *
 * <p>Authentication follows the registry's {@code WWW-Authenticate} challenge: {@code Bearer}
 * fetches a pull token for the repository from the realm (with the configured credentials when
 * there are some, anonymously otherwise), {@code Basic} sends the credentials. Loopback registries
 * and, with {@code tlsVerify} off, every registry are tried over HTTPS without verifying the
 * certificate, then over plain HTTP, as docker and skopeo do for insecure registries.
 */
final class RegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT = Duration.ofSeconds(10);
  private static final Duration REQUEST = Duration.ofSeconds(60);

  private final RegistrySource.Credentials credentials;
  private final boolean tlsVerify;
  private final RegistryTls certificates;
  private final Optional<String> registryToken;
  private final Map<String, String> baseByHost = new HashMap<>();
  private final Map<String, Challenge> challengeByHost = new HashMap<>();
  private final Map<String, String> authByRepository = new HashMap<>();

  /** What a 401 asked for: {@code Bearer realm=...,service=...} or {@code Basic}. */
  record Challenge(String scheme, Map<String, String> params) {
    static Challenge parse(String header) {
      if (header == null || header.isBlank()) {
        return new Challenge("", Map.of());
      }
      String h = header.trim();
      int space = h.indexOf(' ');
      String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
      Map<String, String> params = new HashMap<>();
      if (space > 0) {
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))")
                .matcher(h.substring(space + 1));
        while (m.find()) {
          params.put(
              m.group(1).toLowerCase(java.util.Locale.ROOT),
              m.group(2) != null ? m.group(2) : m.group(3));
        }
      }
      return new Challenge(scheme, params);
    }
  }

  RegistryClient(RegistrySource.Credentials credentials, RegistryOptions options) {
    this.credentials = credentials;
    this.tlsVerify = options.tlsVerify();
    this.certificates = new RegistryTls(options.certDir(), options.perHostCertRoots());
    this.registryToken = options.registryToken();
  }

  /** A response to a GET on the repository of {@code ref}, 2xx only, body as a stream. */
  Response get(RegistryReference ref, String path, String accept, boolean manifest)
      throws EngineException {
    String base = base(ref);
    String url = base + "/v2/" + ref.repository() + path;
    Response response = send(ref, url, accept, authorization(ref, false));
    if (response.statusCode() == 401 && registryToken.isEmpty()) {
      Challenge c = Challenge.parse(response.header("WWW-Authenticate").orElse(""));
      drain(response);
      challengeByHost.put(ref.apiHost(), c);
      response = send(ref, url, accept, authorization(ref, true));
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return response;
    }
    String detail = errorText(response);
    if ((status == 401 || status == 403) && registryToken.isPresent()) {
      throw new EngineException(
          "registry "
              + ref.host()
              + " refused the --registry-token for "
              + ref.repository()
              + " ("
              + status
              + detail
              + "); check that the token is valid and grants pull on it");
    }
    if (status == 401 || status == 403) {
      throw new EngineException(
          "registry "
              + ref.host()
              + " refused to let dmsb read "
              + ref.repository()
              + " ("
              + status
              + detail
              + "); log in with docker login "
              + ref.host()
              + " or check the docker configuration's credentials");
    }
    if (status == 404 && manifest) {
      throw new ImageNotFoundException(
          ref.toString(), "image " + ref + " is not in registry " + ref.host() + detail);
    }
    throw new EngineException(
        "registry " + ref.host() + " answered " + status + " to GET " + url + detail);
  }

  private Response send(RegistryReference ref, String url, String accept, Optional<String> auth)
      throws EngineException {
    return exchange(ref, url, accept, auth.orElse(null));
  }

  /** A response: its status, its headers, its body (the error body for a 4xx or 5xx). */
  record Response(int statusCode, HttpURLConnection connection, InputStream body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(connection.getHeaderField(name));
    }
  }

  /**
   * One GET on a blocking connection of the JDK's own (kept alive and reused once its body is read
   * and closed): no selector thread to wake, which a short run on a busy machine would wait for.
   * Redirects are followed here, so that credentials never go to another host (a blob store).
   */
  private Response exchange(RegistryReference ref, String url, String accept, String auth)
      throws EngineException {
    return exchange(ref, url, accept, auth, null);
  }

  /**
   * A GET, or with {@code form} a POST of that form ({@code application/x-www-form-urlencoded}).
   */
  private Response exchange(
      RegistryReference ref, String url, String accept, String auth, String form)
      throws EngineException {
    String current = url;
    String authorization = auth;
    for (int hop = 0; ; hop++) {
      URI uri = URI.create(current);
      try {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        if (c instanceof HttpsURLConnection https) {
          boolean insecure = trusts(current);
          Optional<javax.net.ssl.SSLContext> context = certificates.context(ref.host(), !insecure);
          if (context.isPresent()) {
            https.setSSLSocketFactory(context.get().getSocketFactory());
          }
          if (insecure) {
            https.setHostnameVerifier((host, session) -> true);
          }
        }
        c.setConnectTimeout((int) CONNECT.toMillis());
        c.setReadTimeout((int) REQUEST.toMillis());
        c.setInstanceFollowRedirects(false);
        c.setRequestProperty("User-Agent", "dmsb");
        if (accept != null) {
          c.setRequestProperty("Accept", accept);
        }
        if (authorization != null) {
          c.setRequestProperty("Authorization", authorization);
        }
        if (form != null) {
          c.setRequestMethod("POST");
          c.setDoOutput(true);
          c.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
          try (java.io.OutputStream body = c.getOutputStream()) {
            body.write(form.getBytes(StandardCharsets.UTF_8));
          }
        }
        int status = c.getResponseCode();
        String location = c.getHeaderField("Location");
        if (status / 100 == 3 && location != null && hop < 5) {
          drain(new Response(status, c, body(c, status)));
          URI next = uri.resolve(location);
          if (!java.util.Objects.equals(next.getAuthority(), uri.getAuthority())) {
            authorization = null;
          }
          current = next.toString();
          continue;
        }
        return new Response(status, c, body(c, status));
      } catch (ConnectException e) {
        String where = uri.getScheme() + "://" + uri.getAuthority();
        throw new EngineUnreachableException(
            where,
            "no registry answers at "
                + where
                + (e.getMessage() == null ? ": connection refused" : " (" + e.getMessage() + ")"),
            e);
      } catch (IOException e) {
        throw new EngineException(
            "talking to registry "
                + ref.host()
                + " failed: "
                + (e.getMessage() == null ? e : e.getMessage()),
            e);
      }
    }
  }

  private static InputStream body(HttpURLConnection c, int status) throws IOException {
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    return in == null ? InputStream.nullInputStream() : in;
  }

  /** Finds the scheme the registry speaks with {@code GET /v2/}, once per host. */
  private String base(RegistryReference ref) throws EngineException {
    String known = baseByHost.get(ref.apiHost());
    if (known != null) {
      return known;
    }
    // Loopback registries are spoken to as docker does (plain HTTP allowed), plain HTTP first:
    // a TLS hello can leave a plain server waiting, a plain request gets a quick 400 from TLS.
    List<String> order =
        ref.loopback()
            ? List.of("http://", "https://")
            : tlsVerify ? List.of("https://") : List.of("https://", "http://");
    EngineException first = null;
    for (String scheme : order) {
      String base = scheme + ref.apiHost();
      try {
        ping(ref, base);
        baseByHost.put(ref.apiHost(), base);
        return base;
      } catch (EngineException e) {
        first = first == null ? e : first;
      }
    }
    if (first.getCause() instanceof SSLException tls) {
      throw new EngineException(
          "TLS to registry "
              + ref.host()
              + " failed ("
              + tls.getMessage()
              + "); give its certificate authority with --cert-dir DIR (DIR/*.crt) or in "
              + certificates
                  .folderFor(ref.host())
                  .map(Path::toString)
                  .orElse("/etc/docker/certs.d/" + ref.host())
              + ", or pass --tls-verify=false for a registry without a trusted certificate",
          first);
    }
    throw first;
  }

  private void ping(RegistryReference ref, String base) throws EngineException {
    Response response = exchange(ref, base + "/v2/", null, null);
    if (response.statusCode() == 401) {
      challengeByHost.put(
          ref.apiHost(), Challenge.parse(response.header("WWW-Authenticate").orElse("")));
    } else if (response.statusCode() / 100 != 2) {
      String detail = errorText(response);
      throw new EngineException(
          base + " is not a registry: GET /v2/ answered " + response.statusCode() + detail);
    }
    drain(response);
  }

  /** The Authorization header for the repository, fetching a token when the challenge asks. */
  private Optional<String> authorization(RegistryReference ref, boolean renew)
      throws EngineException {
    if (registryToken.isPresent()) {
      return Optional.of("Bearer " + registryToken.get());
    }
    String key = ref.apiHost() + "/" + ref.repository();
    if (!renew && authByRepository.containsKey(key)) {
      return Optional.ofNullable(authByRepository.get(key));
    }
    Challenge c = challengeByHost.get(ref.apiHost());
    String header = null;
    if (c != null) {
      Optional<RegistryAuth> auth = credentials.forRegistry(ref.host());
      if (c.scheme().equals("basic")) {
        header = auth.filter(a -> a.password() != null).map(RegistryClient::basic).orElse(null);
      } else if (c.scheme().equals("bearer")) {
        header = "Bearer " + token(ref, c, auth);
      }
    }
    authByRepository.put(key, header);
    return Optional.ofNullable(header);
  }

  private String token(RegistryReference ref, Challenge c, Optional<RegistryAuth> auth)
      throws EngineException {
    String realm = c.params().get("realm");
    if (realm == null) {
      throw new EngineException("registry " + ref.host() + " asked for a token but named no realm");
    }
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (c.params().containsKey("service")) {
      url.append("service=")
          .append(URLEncoder.encode(c.params().get("service"), StandardCharsets.UTF_8))
          .append('&');
    }
    url.append("scope=")
        .append(
            URLEncoder.encode("repository:" + ref.repository() + ":pull", StandardCharsets.UTF_8));
    Optional<String> identityToken =
        auth.map(RegistryAuth::identityToken).filter(t -> !t.isEmpty());
    Response response;
    if (identityToken.isPresent()) {
      // an identity token (docker login through a credential store) is an OAuth2 refresh token
      String form =
          "grant_type=refresh_token&client_id=dmsb&refresh_token="
              + URLEncoder.encode(identityToken.get(), StandardCharsets.UTF_8)
              + "&service="
              + URLEncoder.encode(c.params().getOrDefault("service", ""), StandardCharsets.UTF_8)
              + "&scope="
              + URLEncoder.encode(
                  "repository:" + ref.repository() + ":pull", StandardCharsets.UTF_8);
      response = exchange(ref, realm, null, null, form);
    } else {
      response =
          exchange(
              ref,
              url.toString(),
              null,
              auth.filter(a -> a.password() != null).map(RegistryClient::basic).orElse(null));
    }
    if (response.statusCode() / 100 != 2) {
      String detail = errorText(response);
      throw new EngineException(
          "the token service of registry "
              + ref.host()
              + " refused a pull token for "
              + ref.repository()
              + " ("
              + response.statusCode()
              + detail
              + "); log in with docker login "
              + ref.host());
    }
    try (InputStream body = response.body()) {
      JsonNode token = JSON.readTree(body);
      String value = token.path("token").asText(token.path("access_token").asText(""));
      if (value.isEmpty()) {
        throw new EngineException("the token service of registry " + ref.host() + " sent no token");
      }
      return value;
    } catch (IOException e) {
      throw new EngineException(
          "the token of registry " + ref.host() + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static String basic(RegistryAuth a) {
    String user = a.username() == null ? "" : a.username();
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + a.password()).getBytes(StandardCharsets.UTF_8));
  }

  /** Whether certificates go unchecked for {@code url}: insecure registries only. */
  private boolean trusts(String url) {
    return !tlsVerify || RegistryReference.parse(URI.create(url).getAuthority() + "/x").loopback();
  }

  /** {@code ": <message>"} from a registry's error body ({@code {"errors":[{"message":...}]}}). */
  private static String errorText(Response response) {
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(4096);
      JsonNode node = JSON.readTree(bytes);
      String message = node == null ? "" : node.path("errors").path(0).path("message").asText("");
      return message.isEmpty() ? "" : ": " + message;
    } catch (IOException e) {
      return "";
    }
  }

  private static void drain(Response response) {
    try (InputStream body = response.body()) {
      body.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      // nothing to keep from it
    }
  }
}
