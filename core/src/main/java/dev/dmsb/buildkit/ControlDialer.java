package dev.dmsb.buildkit;

import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.net.SocketConnection;
import dev.dmsb.engine.net.SocketDialer;
import dev.dmsb.engine.net.UnixConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Raw connections to a BuildKit daemon: its unix socket, tcp, or tcp with mutual TLS (JDK TLS with
 * ALPN {@code h2}, the daemon's certificate checked against the given authority and server name). A
 * TLS failure is said from the side that refused: dmsb refusing the daemon's certificate fails the
 * handshake here; the daemon refusing dmsb's certificate arrives as an alert on the first read,
 * which {@link #dial()} makes at once (a gRPC server speaks first, with its HTTP/2 settings).
 */
final class ControlDialer {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final BuildkitAddress address;
  private final SSLContext ssl;

  ControlDialer(BuildkitAddress address) throws ControlException {
    this.address = address;
    this.ssl = address.tls() == null ? null : sslContext(address.tls());
  }

  /** A new connection; the first bytes the daemon sent are read already and replayed. */
  EngineConnection dial() throws ControlException {
    if (address.socket() != null) {
      try {
        return UnixConnection.open(address.socket());
      } catch (IOException e) {
        throw unreachable(e);
      }
    }
    Socket socket;
    try {
      socket = SocketDialer.connect(address.host(), address.port(), CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      throw unreachable(e);
    }
    String hostHeader = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    if (ssl == null) {
      return new SocketConnection(socket, hostHeader);
    }
    SSLSocket tls;
    try {
      // The certificate is checked against the server name when one is given, as buildctl does.
      String name = address.tls().serverName();
      String peer = name != null && !name.isEmpty() ? name : address.host();
      tls = SocketDialer.handshake(socket, new SocketDialer.Tls(ssl, peer, List.of("h2"), true));
    } catch (IOException e) {
      throw new ControlException(
          "dmsb refused the TLS certificate of the BuildKit daemon at "
              + address
              + ": "
              + e.getMessage()
              + (address.tls().caCert() == null
                  ? "; give the authority that signed it with --buildkit-tlscacert"
                  : "; check --buildkit-tlscacert and --buildkit-tlsservername"),
          e);
    }
    byte[] first;
    try {
      tls.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
      InputStream in = tls.getInputStream();
      byte[] buffer = new byte[512];
      int n = in.read(buffer);
      tls.setSoTimeout(0);
      if (n < 0) {
        throw new SSLException("the daemon closed the connection after the handshake");
      }
      first = Arrays.copyOf(buffer, n);
    } catch (SocketTimeoutException e) {
      first = new byte[0];
      try {
        tls.setSoTimeout(0);
      } catch (IOException ignored) {
        // closed below if it is broken
      }
    } catch (IOException e) {
      SocketDialer.closeQuietly(tls);
      throw new ControlException(
          "the BuildKit daemon at "
              + address
              + " refused dmsb's TLS certificate: "
              + e.getMessage()
              + (address.tls().cert() == null
                  ? "; it asks for a client certificate: give --buildkit-tlscert and --buildkit-tlskey"
                  : "; give a client certificate signed by the authority the daemon trusts"
                      + " (--buildkit-tlscert, --buildkit-tlskey)"),
          e);
    }
    return new SocketConnection(tls, hostHeader, first);
  }

  private ControlException unreachable(IOException e) {
    return new ControlException(
        true,
        "Cannot reach a BuildKit daemon at "
            + address
            + ": "
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
            + ". Is buildkitd running there? Set --buildkit-host or BUILDKIT_HOST.",
        e);
  }

  private static SSLContext sslContext(BuildkitAddress.Tls tls) throws ControlException {
    try {
      KeyManagerFactory kmf = null;
      if (tls.cert() != null) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        Certificate[] chain = certificates(tls.cert()).toArray(new Certificate[0]);
        keys.setKeyEntry("client", privateKey(tls.key()), new char[0], chain);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (tls.caCert() != null) {
        KeyStore cas = KeyStore.getInstance("PKCS12");
        cas.load(null, null);
        int i = 0;
        for (Certificate c : certificates(tls.caCert())) {
          cas.setCertificateEntry("ca" + i++, c);
        }
        tmf.init(cas);
      } else {
        tmf.init((KeyStore) null);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (ControlException e) {
      throw e;
    } catch (Exception e) {
      throw new ControlException(
          "Cannot use the BuildKit TLS material (--buildkit-tlscacert "
              + tls.caCert()
              + ", --buildkit-tlscert "
              + tls.cert()
              + ", --buildkit-tlskey "
              + tls.key()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private static List<? extends Certificate> certificates(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      List<? extends Certificate> all =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (all.isEmpty()) {
        throw new ControlException(pem + " holds no PEM certificate");
      }
      return all;
    }
  }

  private static PrivateKey privateKey(Path pem) throws Exception {
    try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(r)) {
      Object o = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new ControlException(
          pem + " holds no unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1)");
    }
  }
}
