package dev.dmsb.engine.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transport that speaks the API version the engine announced: once {@link #announce} has been
 * told the version from {@code /_ping} (or {@code /version}), every request but {@code /_ping} goes
 * to {@code /v<version>/...}, capped at {@value #HIGHEST_KNOWN}, the newest version whose answers
 * dmsb has been proven against (Docker 28.5). Before that, and when the engine announced nothing
 * readable, requests stay unversioned, which every engine serves at its own version.
 *
 * <p>Never a fixed version: Docker 29.0 to 29.2 refuse anything below 1.44 ({@code client version
 * 1.41 is too old}), and 20.10 anything above 1.41, so only the engine's own number is safe. The
 * docker CLI negotiates the same way (the lower of its own and the engine's).
 */
final class ApiVersionedHttp implements DockerHttpClient {
  /** The newest API version dmsb knows the answers of. */
  static final String HIGHEST_KNOWN = "1.51";

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

  private final DockerHttpClient http;
  private final Spoken spoken;

  /** The version both transports of one engine speak, set once the engine has said it. */
  static final class Spoken {
    private volatile String version;

    /** Takes the engine's announced version ({@code 1.41}); unreadable leaves it unversioned. */
    void announce(String announced) {
      version = negotiate(announced);
    }

    /** The version requests are sent at, or null for unversioned. */
    String version() {
      return version;
    }
  }

  ApiVersionedHttp(DockerHttpClient http, Spoken spoken) {
    this.http = http;
    this.spoken = spoken;
  }

  /** The lower of {@code announced} and {@value #HIGHEST_KNOWN}; null when it is not X.Y. */
  static String negotiate(String announced) {
    if (announced == null) {
      return null;
    }
    Matcher m = VERSION.matcher(announced.strip());
    if (!m.matches()) {
      return null;
    }
    Matcher cap = VERSION.matcher(HIGHEST_KNOWN);
    cap.matches();
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    int capMajor = Integer.parseInt(cap.group(1));
    int capMinor = Integer.parseInt(cap.group(2));
    boolean above = major > capMajor || (major == capMajor && minor > capMinor);
    return above ? HIGHEST_KNOWN : major + "." + minor;
  }

  /** {@code path} as sent at {@code version} (null: unversioned). */
  static String versioned(String path, String version) {
    if (version == null || !path.startsWith("/") || path.equals("/_ping")) {
      return path;
    }
    return "/v" + version + path;
  }

  @Override
  public Response execute(Request request) {
    String version = spoken.version();
    String path = versioned(request.path(), version);
    if (path.equals(request.path())) {
      return http.execute(request);
    }
    return http.execute(Request.builder().from(request).path(path).build());
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
