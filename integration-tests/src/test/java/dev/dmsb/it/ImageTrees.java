package dev.dmsb.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an image's file tree through the docker CLI (the test oracle): {@code docker create} +
 * {@code docker export}, each path with its type, mode, owner, size, link target and content hash.
 * Modification times are left out (the builders stamp their own), except where a test names the
 * paths whose times come from the build context ({@link #of(String, Predicate)}).
 */
public final class ImageTrees {
  private static final String DOCKER = TestEngine.dockerCli();

  private ImageTrees() {}

  /** The file tree of {@code image}: path to type, mode, owner, size, link target and hash. */
  public static Map<String, String> of(String image) throws Exception {
    return of(image, path -> false);
  }

  /**
   * As {@link #of(String)}, with the modification time (in seconds, as {@code docker export} writes
   * it) of each path that {@code timed} accepts: files a COPY took from the context keep the
   * context's times, so both builders must give the same.
   */
  public static Map<String, String> of(String image, Predicate<String> timed) throws Exception {
    String container = run(DOCKER, "create", image, "/bin/true").strip();
    try {
      Process p = new ProcessBuilder(DOCKER, "export", container).start();
      Map<String, String> tree = new TreeMap<>();
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new BufferedInputStream(p.getInputStream()))) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          String name = e.getName();
          if (name.equals(".dockerenv")
              || name.startsWith("etc/host")
              || name.equals("etc/resolv.conf")) {
            continue; // written by the engine per container
          }
          String content = e.isFile() && !e.isSymbolicLink() && !e.isLink() ? sha256(tar) : "";
          tree.put(
              name,
              String.format(
                      "%s mode=%o uid=%d gid=%d size=%d link=%s %s",
                      e.isDirectory() ? "dir" : e.isSymbolicLink() ? "symlink" : "file",
                      e.getMode() & 07777,
                      e.getLongUserId(),
                      e.getLongGroupId(),
                      e.getSize(),
                      e.getLinkName(),
                      content)
                  + (timed.test(name)
                      ? " mtime=" + e.getModTime().toInstant().getEpochSecond()
                      : ""));
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("docker export of " + image + " failed");
      }
      return tree;
    } finally {
      run(DOCKER, "rm", "-f", container);
    }
  }

  /** Builds with the docker CLI: {@code buildkit} picks DOCKER_BUILDKIT=1 or 0. */
  public static String cliBuild(boolean buildkit, String tag, String... args) throws Exception {
    return cliBuildWithStdin(buildkit, null, tag, args);
  }

  /**
   * As {@link #cliBuild}, with {@code stdin} (a Dockerfile, for {@code -f -}) written to the CLI's
   * standard input; null for none.
   */
  public static String cliBuildWithStdin(boolean buildkit, String stdin, String tag, String... args)
      throws Exception {
    TestEngine.assumeBuilder(buildkit);
    List<String> cmd = new java.util.ArrayList<>(List.of(DOCKER, "build", "-q", "-t", tag));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DOCKER_BUILDKIT", buildkit ? "1" : "0");
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("docker build failed: " + out);
    }
    return out.strip();
  }

  /** The content of the regular file {@code path} (absolute) in {@code image}, as UTF-8. */
  public static String fileIn(String image, String path) throws Exception {
    String container = run(DOCKER, "create", image, "/bin/true").strip();
    try {
      Process p = new ProcessBuilder(DOCKER, "cp", container + ":" + path, "-").start();
      String content = null;
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new BufferedInputStream(p.getInputStream()))) {
        TarArchiveEntry e = tar.getNextEntry();
        if (e != null && e.isFile()) {
          content = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || content == null) {
        throw new IllegalStateException("docker cp of " + path + " from " + image + " failed");
      }
      return content;
    } finally {
      run(DOCKER, "rm", "-f", container);
    }
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  private static String sha256(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
