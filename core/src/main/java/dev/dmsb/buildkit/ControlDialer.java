package dev.dmsb.buildkit;

import dev.dmsb.engine.EngineConnection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
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
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(address.socket()));
        return new UnixConnection(channel);
      } catch (IOException e) {
        throw unreachable(e);
      }
    }
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(address.host(), address.port()), CONNECT_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
    } catch (IOException e) {
      close(socket);
      throw unreachable(e);
    }
    if (ssl == null) {
      return new SocketConnection(socket, socket, new byte[0]);
    }
    SSLSocket tls;
    try {
      // The certificate is checked against the server name when one is given, as buildctl does.
      String name = address.tls().serverName();
      String peer = name != null && !name.isEmpty() ? name : address.host();
      tls = (SSLSocket) ssl.getSocketFactory().createSocket(socket, peer, address.port(), true);
      SSLParameters params = tls.getSSLParameters();
      params.setApplicationProtocols(new String[] {"h2"});
      params.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(params);
      tls.startHandshake();
    } catch (IOException e) {
      close(socket);
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
      first = java.util.Arrays.copyOf(buffer, n);
    } catch (SocketTimeoutException e) {
      first = new byte[0];
      try {
        tls.setSoTimeout(0);
      } catch (IOException ignored) {
        // closed below if it is broken
      }
    } catch (IOException e) {
      close(tls);
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
    return new SocketConnection(tls, tls, first);
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

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closed either way
    }
  }

  /** A tcp or TLS socket; the bytes read while checking the handshake come first. */
  private record SocketConnection(Socket socket, Socket streams, byte[] first)
      implements EngineConnection {
    @Override
    public InputStream input() {
      try {
        InputStream in = streams.getInputStream();
        return first.length == 0
            ? in
            : new java.io.SequenceInputStream(new ByteArrayInputStream(first), in);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public OutputStream output() {
      try {
        return streams.getOutputStream();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public String hostHeader() {
      return socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A unix socket channel read and written without its blocking lock (see RawDialer's note). */
  static final class UnixConnection implements EngineConnection {
    private final SocketChannel channel;

    UnixConnection(SocketChannel channel) {
      this.channel = channel;
    }

    @Override
    public InputStream input() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          int n = read(one, 0, 1);
          return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
        }
      };
    }

    @Override
    public OutputStream output() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        }
      };
    }

    @Override
    public String hostHeader() {
      return "localhost";
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
