package dev.dmsb.engine.docker;

import com.github.dockerjava.core.util.CertificateUtils;
import dev.dmsb.engine.config.EngineConfigException;
import dev.dmsb.engine.config.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Builds the SSL context for a TLS engine from PEM files (ca.pem, cert.pem, key.pem). */
final class TlsContexts {
  private TlsContexts() {}

  static SSLContext create(TlsSettings tls) throws EngineConfigException {
    // docker-java's PEM reading asks for the "BC" provider by name, as its own SSL config does.
    synchronized (TlsContexts.class) {
      if (Security.getProvider("BC") == null) {
        Security.addProvider(new BouncyCastleProvider());
      }
    }
    try {
      KeyManagerFactory kmf = null;
      if (tls.clientCert() != null && tls.clientKey() != null) {
        KeyStore keys =
            CertificateUtils.createKeyStore(read(tls.clientKey()), read(tls.clientCert()));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "docker".toCharArray());
      }
      TrustManager[] trust;
      if (tls.verify()) {
        KeyStore cas = CertificateUtils.createTrustStore(read(tls.caCert()));
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(cas);
        trust = tmf.getTrustManagers();
      } else {
        trust = new TrustManager[] {new TrustEverything()};
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
      return context;
    } catch (Exception e) {
      throw new EngineConfigException(
          "Cannot use the TLS certificates ("
              + describe(tls)
              + "): "
              + e.getMessage()
              + ". Check DOCKER_CERT_PATH or the --tls* options.",
          e);
    }
  }

  private static String read(Path file) throws java.io.IOException {
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  private static String describe(TlsSettings tls) {
    return "CA " + tls.caCert() + ", certificate " + tls.clientCert() + ", key " + tls.clientKey();
  }

  /** Only for {@code --tls} without {@code --tlsverify}, which the user asked for explicitly. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
