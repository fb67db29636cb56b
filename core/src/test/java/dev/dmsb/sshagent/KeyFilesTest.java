package dev.dmsb.sshagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys made by Debian's {@code ssh-keygen} in every type and form it writes, plain and encrypted,
 * are read; their public keys equal the {@code .pub} files, and OpenSSH's own {@code ssh-keygen -Y
 * sign} signs through the in-process agent on a socket, checked by {@code ssh-keygen -Y verify}.
 */
class KeyFilesTest {
  static final String PASSPHRASE = "correct horse";

  @TempDir static Path dir;

  /** ssh-keygen arguments for each case: type, bits, format, cipher (null: not encrypted). */
  static Stream<List<String>> cases() {
    return Stream.of(
        List.of("ed25519", "", "", ""),
        List.of("ed25519", "", "", "aes256-ctr"),
        List.of("ed25519", "", "", "aes256-gcm@openssh.com"),
        List.of("rsa", "2048", "", ""),
        List.of("rsa", "2048", "", "aes256-ctr"),
        List.of("ecdsa", "256", "", ""),
        List.of("ecdsa", "384", "", "aes256-gcm@openssh.com"),
        List.of("ecdsa", "521", "", ""),
        List.of("rsa", "2048", "PEM", ""),
        List.of("rsa", "2048", "PEM", "pem"),
        List.of("ecdsa", "256", "PEM", ""),
        List.of("ecdsa", "521", "PEM", "pem"),
        List.of("rsa", "2048", "PKCS8", ""),
        List.of("rsa", "2048", "PKCS8", "pem"),
        List.of("ecdsa", "384", "PKCS8", ""),
        List.of("ecdsa", "256", "PKCS8", "pem"));
  }

  @BeforeAll
  static void tools() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "openssh-client installed");
  }

  static Path generate(List<String> c) throws Exception {
    return generate(dir, c);
  }

  static Path generate(Path dir, List<String> c) throws Exception {
    Path key = dir.resolve(String.join("-", c).replace('@', '_').replace('.', '_') + ".key");
    if (Files.exists(key)) {
      return key;
    }
    List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", c.get(0)));
    if (!c.get(1).isEmpty()) {
      cmd.addAll(List.of("-b", c.get(1)));
    }
    if (!c.get(2).isEmpty()) {
      cmd.addAll(List.of("-m", c.get(2)));
    }
    cmd.addAll(List.of("-N", c.get(3).isEmpty() ? "" : PASSPHRASE));
    if (c.get(3).contains("-")) {
      cmd.addAll(List.of("-Z", c.get(3)));
    }
    cmd.addAll(List.of("-C", "dmsb-" + c.get(0), "-f", key.toString()));
    run(null, cmd.toArray(String[]::new));
    return key;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void readsTheKeyAndSignsAsOpenSshChecks(List<String> c) throws Exception {
    Path file = generate(c);
    List<Integer> asked = new ArrayList<>();
    AgentKey key =
        KeyFiles.read(
            file,
            (f, attempt) -> {
              asked.add(attempt);
              return PASSPHRASE.toCharArray();
            });
    assertThat(asked).hasSize(c.get(3).isEmpty() ? 0 : 1);
    String pub = Files.readString(Path.of(file + ".pub"));
    assertThat(Base64.getEncoder().encodeToString(key.publicBlob())).isEqualTo(pub.split(" ")[1]);
    assertThat(key.toString()).doesNotContain(PASSPHRASE);

    Path sock = dir.resolve("agent-" + file.getFileName() + ".sock");
    try (AgentSocket agent = new AgentSocket(new InProcessAgent(List.of(key)), sock)) {
      Path data = dir.resolve(file.getFileName() + ".data");
      Files.writeString(data, "signed through dmsb's agent\n");
      run(sock, "ssh-keygen", "-Y", "sign", "-f", file + ".pub", "-n", "dmsb", data.toString());
      Path signers = dir.resolve(file.getFileName() + ".signers");
      Files.writeString(signers, "dmsb@test " + pub);
      ProcessBuilder verify =
          new ProcessBuilder(
                  "ssh-keygen",
                  "-Y",
                  "verify",
                  "-f",
                  signers.toString(),
                  "-I",
                  "dmsb@test",
                  "-n",
                  "dmsb",
                  "-s",
                  data + ".sig")
              .redirectInput(data.toFile())
              .redirectErrorStream(true);
      Process v = verify.start();
      String said = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(v.waitFor()).as(said).isZero();
      assertThat(said).contains("Good \"dmsb\" signature");
    }
  }

  @Test
  void anEncryptedKeyWithNoOneToAskNamesTheFile() throws Exception {
    Path file = generate(List.of("ed25519", "", "", "aes256-ctr"));
    assertThatThrownBy(() -> KeyFiles.read(file, Passphrase.NONE))
        .isInstanceOfSatisfying(
            SshKeyException.class, e -> assertThat(e.needsPassphrase()).isTrue())
        .hasMessage(file + ": the key is protected by a passphrase");
  }

  @Test
  void aWrongPassphraseIsAskedAgainThenRefused() throws Exception {
    for (List<String> c :
        List.of(
            List.of("ed25519", "", "", "aes256-ctr"),
            List.of("ecdsa", "384", "", "aes256-gcm@openssh.com"),
            List.of("rsa", "2048", "PEM", "pem"),
            List.of("rsa", "2048", "PKCS8", "pem"))) {
      Path file = generate(c);
      List<Integer> asked = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  KeyFiles.read(
                      file,
                      (f, attempt) -> {
                        asked.add(attempt);
                        return "wrong".toCharArray();
                      }))
          .as(c.toString())
          .isInstanceOf(SshKeyException.class)
          .hasMessage(file + ": the passphrase is wrong (3 tries)");
      assertThat(asked).containsExactly(1, 2, 3);
      // right on the second try
      assertThat(
              KeyFiles.read(
                  file, (f, attempt) -> (attempt == 1 ? "wrong" : PASSPHRASE).toCharArray()))
          .isNotNull();
    }
  }

  @Test
  void whatIsNoPrivateKeySaysSo() throws Exception {
    Path file = generate(List.of("ed25519", "", "", ""));
    Path pub = Path.of(file + ".pub");
    assertThatThrownBy(() -> KeyFiles.read(pub, Passphrase.NONE))
        .hasMessage(
            pub + ": not a private key file (OpenSSH's format or PEM, as ssh-keygen writes)");
    Path cert = dir.resolve("cert.pem");
    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> KeyFiles.read(cert, Passphrase.NONE))
        .hasMessage(cert + ": a PEM CERTIFICATE is not a private key");
    assertThatThrownBy(() -> KeyFiles.read(dir.resolve("absent"), Passphrase.NONE))
        .hasMessageStartingWith(dir.resolve("absent") + ": cannot read it");
  }

  @Test
  void anEd25519Pkcs8KeyFromOpenSslGetsItsPublicKey() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl installed");
    Path file = dir.resolve("openssl-ed25519.pem");
    run(null, "openssl", "genpkey", "-algorithm", "ed25519", "-out", file.toString());
    Path der = dir.resolve("openssl-ed25519.pub.der");
    run(
        null,
        "openssl",
        "pkey",
        "-in",
        file.toString(),
        "-pubout",
        "-outform",
        "DER",
        "-out",
        der.toString());
    byte[] spki = Files.readAllBytes(der);
    byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    AgentKey key = KeyFiles.read(file, Passphrase.NONE);
    assertThat(key.publicBlob())
        .isEqualTo(new SshWire.Writer().string("ssh-ed25519").string(raw).toBytes());
  }

  @Test
  void openSslsEncryptedFormsDecryptToTheSameKey() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl installed");
    Path plain = generate(List.of("rsa", "2048", "PEM", ""));
    byte[] expected = KeyFiles.read(plain, Passphrase.NONE).publicBlob();
    String[][] forms = {
      {"rsa", "-traditional", "-des3"},
      {"rsa", "-traditional", "-aes256"},
      {"pkcs8", "-topk8", "-v2", "aes-256-cbc"}
    };
    for (String[] form : forms) {
      Path out = dir.resolve("openssl-" + String.join("", form).replace("-", "") + ".pem");
      List<String> cmd = new ArrayList<>(List.of("openssl", form[0], "-in", plain.toString()));
      cmd.addAll(List.of(form).subList(1, form.length));
      cmd.addAll(List.of("-passout", "pass:" + PASSPHRASE, "-out", out.toString()));
      run(null, cmd.toArray(String[]::new));
      assertThat(KeyFiles.read(out, (f, n) -> PASSPHRASE.toCharArray()).publicBlob())
          .as(String.join(" ", form))
          .isEqualTo(expected);
    }
    Path ed = dir.resolve("openssl-ed25519-encrypted.pem");
    run(
        null,
        "openssl",
        "genpkey",
        "-algorithm",
        "ed25519",
        "-aes-256-cbc",
        "-pass",
        "pass:" + PASSPHRASE,
        "-out",
        ed.toString());
    assertThat(KeyFiles.read(ed, (f, n) -> PASSPHRASE.toCharArray()).type())
        .isEqualTo("ssh-ed25519");
  }

  static void run(Path agent, String... cmd) throws Exception {
    ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (agent != null) {
      b.environment().put("SSH_AUTH_SOCK", agent.toString());
    }
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
  }
}
