package dev.dmsb.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Linux bridge made for one test engine ({@code ip link add dmsbtls<hex> type bridge}) with an
 * address in {@code 10.213.<n>.1/24} that no route of the host uses yet, deleted by {@link
 * #close()}.
 *
 * <p>Why a second engine needs one: {@code dockerd --bridge=none} deletes the host's {@code
 * docker0} (moby's {@code removeDefaultBridgeInterface}), and with no {@code --bridge} it takes
 * {@code docker0} over; either breaks the main engine's containers. Given a bridge of its own it
 * touches neither.
 */
public final class TestBridge implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Path SYS_NET = Path.of("/sys/class/net");

  private final String name;

  private TestBridge(String name) {
    this.name = name;
  }

  /** Makes the bridge, up, with its address. */
  public static TestBridge create() throws IOException, InterruptedException {
    byte[] b = new byte[2];
    RANDOM.nextBytes(b);
    String name = "dmsbtls" + HexFormat.of().formatHex(b); // at most 15 characters
    String routes = ip("-4", "route", "show");
    String subnet = null;
    for (int attempt = 0; attempt < 20 && subnet == null; attempt++) {
      int n = RANDOM.nextInt(256);
      if (!routes.contains("10.213." + n + ".")) {
        subnet = "10.213." + n;
      }
    }
    if (subnet == null) {
      throw new IllegalStateException("no free 10.213.<n>.0/24 among the host's routes: " + routes);
    }
    TestBridge bridge = new TestBridge(name);
    try {
      ip("link", "add", name, "type", "bridge");
      ip("addr", "add", subnet + ".1/24", "dev", name);
      ip("link", "set", name, "up");
    } catch (IOException | RuntimeException e) {
      bridge.close();
      throw e;
    }
    return bridge;
  }

  /** The interface name, for {@code dockerd --bridge}. */
  public String name() {
    return name;
  }

  /** Whether the host has a network interface {@code name} (e.g. {@code docker0}). */
  public static boolean interfaceExists(String name) {
    return Files.exists(SYS_NET.resolve(name));
  }

  /** Whether {@code ip} (iproute2), needed to make the bridge, is installed. */
  public static boolean ipInstalled() {
    return ipCommand() != null;
  }

  /**
   * Deletes the bridge (if it is there).
   *
   * @throws IllegalStateException when it is still there afterwards
   */
  @Override
  public void close() {
    if (!interfaceExists(name)) {
      return;
    }
    try {
      ip("link", "del", name);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("could not delete the bridge " + name + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (interfaceExists(name)) {
      throw new IllegalStateException("the bridge " + name + " is still there");
    }
  }

  /** Runs {@code ip args}; its output, or an exception with it when it fails. */
  private static String ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ipCommand() == null ? "ip" : ipCommand());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
    }
    return out;
  }

  private static String ipCommand() {
    for (String candidate : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }
}
