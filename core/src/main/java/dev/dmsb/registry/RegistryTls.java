package dev.dmsb.registry;

import dev.dmsb.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS material for registries as docker and containers/image find it: a folder per registry ({@code
 * HOST:PORT}) under {@code ~/.config/containers/certs.d}, {@code /etc/containers/certs.d} or {@code
 * /etc/docker/certs.d} (the first that has one), or skopeo's {@code --cert-dir DIR} for every
 * registry. In it, {@code *.crt} are certificate authorities trusted beside the JDK's own, and each
 * {@code NAME.cert} with its {@code NAME.key} is a client certificate.
 */
final class RegistryTls {
  private final Optional<Path> certDir;
  private final List<Path> perHostRoots;
  private final Map<String, Optional<SSLContext>> byHostAndMode = new HashMap<>();

  RegistryTls(Optional<Path> certDir, List<Path> perHostRoots) {
    this.certDir = certDir;
    this.perHostRoots = List.copyOf(perHostRoots);
  }

  /** The folder that holds {@code host}'s material, if any. */
  Optional<Path> folderFor(String host) {
    if (certDir.isPresent()) {
      return certDir;
    }
    for (Path root : perHostRoots) {
      Path dir = root.resolve(host);
      if (Files.isDirectory(dir)) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /**
   * The context for {@code host}: with {@code verify}, the JDK's authorities and the folder's; else
   * no check of the server (an insecure registry), but the folder's client certificate still sent.
   * Empty when the JDK's default context serves (verify, no folder).
   */
  synchronized Optional<SSLContext> context(String host, boolean verify) throws EngineException {
    String key = host + (verify ? "" : " insecure");
    if (!byHostAndMode.containsKey(key)) {
      byHostAndMode.put(key, build(host, verify));
    }
    return byHostAndMode.get(key);
  }

  private Optional<SSLContext> build(String host, boolean verify) throws EngineException {
    Optional<Path> folder = folderFor(host);
    if (folder.isEmpty()) {
      return verify ? Optional.empty() : Optional.of(TrustAll.context());
    }
    Path dir = folder.get();
    try {
      List<X509Certificate> authorities = new ArrayList<>();
      Map<String, Path> certs = new TreeMap<>();
      Map<String, Path> keys = new TreeMap<>();
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
          for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".crt")) {
              authorities.addAll(certificates(f));
            } else if (name.endsWith(".cert")) {
              certs.put(name.substring(0, name.length() - 5), f);
            } else if (name.endsWith(".key")) {
              keys.put(name.substring(0, name.length() - 4), f);
            }
          }
        }
      } else {
        throw new EngineException("the certificate folder " + dir + " is not a folder");
      }
      for (String k : keys.keySet()) {
        if (!certs.containsKey(k)) {
          throw new EngineException(
              "missing client certificate " + k + ".cert for key " + keys.get(k));
        }
      }
      KeyStore clients = KeyStore.getInstance("PKCS12");
      clients.load(null, null);
      for (Map.Entry<String, Path> c : certs.entrySet()) {
        Path keyFile = keys.get(c.getKey());
        if (keyFile == null) {
          throw new EngineException(
              "missing key " + c.getKey() + ".key for client certificate " + c.getValue());
        }
        List<X509Certificate> chain = certificates(c.getValue());
        clients.setKeyEntry(
            c.getKey(), privateKey(keyFile), new char[0], chain.toArray(new Certificate[0]));
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(clients, new char[0]);
      TrustManager[] trust =
          verify ? trustManagers(authorities) : new TrustManager[] {TrustAll.manager()};
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), trust, null);
      return Optional.of(context);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new EngineException(
          "cannot use the TLS material in " + dir + " for registry " + host + ": " + e.getMessage(),
          e);
    }
  }

  /** The JDK's default authorities and {@code extra}. */
  private static TrustManager[] trustManagers(List<X509Certificate> extra)
      throws GeneralSecurityException, IOException {
    TrustManagerFactory defaults =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    defaults.init((KeyStore) null);
    KeyStore all = KeyStore.getInstance("PKCS12");
    all.load(null, null);
    int n = 0;
    for (TrustManager tm : defaults.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        for (X509Certificate c : x.getAcceptedIssuers()) {
          all.setCertificateEntry("jdk-" + n++, c);
        }
      }
    }
    for (X509Certificate c : extra) {
      all.setCertificateEntry("dir-" + n++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(all);
    return tmf.getTrustManagers();
  }

  private static List<X509Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException(file + " holds no certificate");
    }
    return out;
  }

  /** A PEM private key: PKCS#8, or OpenSSL's PKCS#1 RSA and SEC1 EC forms, unencrypted. */
  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    String label = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("-----BEGIN ")) {
        label = line.substring(11, line.lastIndexOf("-----"));
      } else if (line.startsWith("-----END ")) {
        break;
      } else if (label != null && !line.contains(":")) {
        body.append(line.trim());
      }
    }
    if (label == null) {
      throw new GeneralSecurityException(file + " is not a PEM private key");
    }
    byte[] der = Base64.getDecoder().decode(body.toString());
    byte[] pkcs8 =
        switch (label) {
          case "PRIVATE KEY" -> der;
          case "RSA PRIVATE KEY" -> Pkcs8.wrapRsa(der);
          case "EC PRIVATE KEY" -> Pkcs8.wrapEc(der);
          default ->
              throw new GeneralSecurityException(
                  file + " holds a " + label + ", not an unencrypted private key");
        };
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new GeneralSecurityException(file + ": the JDK reads no key from it", last);
  }
}
