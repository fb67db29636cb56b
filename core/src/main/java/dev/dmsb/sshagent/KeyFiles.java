package dev.dmsb.sshagent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads private key files as {@code ssh-add} takes them: OpenSSH's {@code openssh-key-v1} (what
 * {@code ssh-keygen} writes), and the PEM forms (PKCS#1, SEC1, PKCS#8), encrypted or not. An
 * encrypted key is decrypted with a passphrase asked for by a {@link Passphrase}.
 */
public final class KeyFiles {
  /** As BuildKit's sshprovider: a key file is small. */
  private static final int LIMIT = 100 * 1024;

  private static final int ATTEMPTS = 3;

  private KeyFiles() {}

  /**
   * The key in {@code file}.
   *
   * @throws SshKeyException the file cannot be read, is no private key, or is encrypted and no
   *     (right) passphrase came
   */
  public static AgentKey read(Path file, Passphrase passphrase) throws SshKeyException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(LIMIT + 1);
    } catch (IOException e) {
      throw new SshKeyException(file, "cannot read it (" + e.getMessage() + ")", false);
    }
    if (bytes.length > LIMIT) {
      throw new SshKeyException(file, "larger than 100 KiB: not a private key file", false);
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    Arrays.fill(bytes, (byte) 0);
    Armor armor = Armor.parse(text);
    if (armor == null) {
      throw new SshKeyException(
          file, "not a private key file (OpenSSH's format or PEM, as ssh-keygen writes)", false);
    }
    try {
      if (armor.label().equals("OPENSSH PRIVATE KEY")) {
        OpensshKeyFile key = OpensshKeyFile.parse(armor.der());
        if (!key.encrypted()) {
          return key.keys(null).get(0);
        }
        return withPassphrase(file, passphrase, p -> key.keys(utf8(p)).get(0));
      }
      if (!PemKeyFile.encrypted(armor.label(), armor.headers())) {
        return PemKeyFile.key(armor.label(), armor.headers(), armor.der(), null);
      }
      return withPassphrase(
          file, passphrase, p -> PemKeyFile.key(armor.label(), armor.headers(), armor.der(), p));
    } catch (KeyFormatException e) {
      throw new SshKeyException(file, e.getMessage(), false);
    } catch (OpensshKeyFile.WrongPassphrase e) {
      throw new SshKeyException(file, "it does not decrypt: the file is damaged", false);
    } catch (SshWire.Malformed e) {
      throw new SshKeyException(file, "a malformed key (" + e.getMessage() + ")", false);
    } catch (GeneralSecurityException e) {
      throw new SshKeyException(file, "the JDK refuses the key (" + e.getMessage() + ")", false);
    }
  }

  private interface Decrypt {
    AgentKey with(char[] passphrase)
        throws KeyFormatException, OpensshKeyFile.WrongPassphrase, GeneralSecurityException;
  }

  private static AgentKey withPassphrase(Path file, Passphrase passphrase, Decrypt decrypt)
      throws SshKeyException, KeyFormatException, GeneralSecurityException {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      char[] p = passphrase.ask(file, attempt);
      if (p == null) {
        if (attempt > 1) {
          throw new SshKeyException(file, "the passphrase is wrong", false);
        }
        throw new SshKeyException(file, "the key is protected by a passphrase", true);
      }
      try {
        return decrypt.with(p);
      } catch (OpensshKeyFile.WrongPassphrase e) {
        // ask again
      } finally {
        Arrays.fill(p, '\0');
      }
    }
    throw new SshKeyException(file, "the passphrase is wrong (" + ATTEMPTS + " tries)", false);
  }

  private static byte[] utf8(char[] p) {
    java.nio.ByteBuffer b = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(p));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** A PEM block: its label, its RFC 1421 headers, and its decoded body. */
  private record Armor(String label, Map<String, String> headers, byte[] der) {
    static Armor parse(String text) {
      int begin = text.indexOf("-----BEGIN ");
      if (begin < 0) {
        return null;
      }
      int labelEnd = text.indexOf("-----", begin + 11);
      if (labelEnd < 0) {
        return null;
      }
      String label = text.substring(begin + 11, labelEnd);
      int end = text.indexOf("-----END " + label + "-----", labelEnd);
      if (end < 0) {
        return null;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      StringBuilder body = new StringBuilder();
      for (String line : text.substring(labelEnd + 5, end).split("\r?\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && body.length() == 0) {
          headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        } else {
          body.append(line.trim());
        }
      }
      try {
        return new Armor(label, headers, Base64.getDecoder().decode(body.toString()));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  /** A problem with {@code file} that is not about its content, such as its absence. */
  public static SshKeyException problem(Path file, String message) {
    return new SshKeyException(file, message, false);
  }

  /** The keys in {@code files}, in order. */
  public static List<AgentKey> readAll(List<Path> files, Passphrase passphrase)
      throws SshKeyException {
    List<AgentKey> keys = new java.util.ArrayList<>();
    for (Path f : files) {
      keys.add(read(f, passphrase));
    }
    return List.copyOf(keys);
  }
}
