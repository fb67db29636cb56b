package dev.dmsb.engine.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The two steps of a tcp connection that may be TLS: {@link #connect} and {@link #handshake}, apart
 * so that the caller can say which one failed (the daemon is not there, or one side refused the
 * other's certificate). Each closes what it opened when it fails.
 */
public final class SocketDialer {
  private SocketDialer() {}

  /**
   * A tcp connection to {@code host:port}, with {@code TCP_NODELAY}.
   *
   * @param timeoutMillis how long connecting may take; 0: no limit
   */
  public static Socket connect(String host, int port, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  /**
   * TLS over {@code socket}, the handshake done; closing the result closes {@code socket}, and a
   * failed handshake closes it.
   *
   * @param tls the context, the name the daemon's certificate is for, and what else to ask
   */
  public static SSLSocket handshake(Socket socket, Tls tls) throws IOException {
    try {
      SSLSocket secure =
          (SSLSocket)
              tls.context()
                  .getSocketFactory()
                  .createSocket(socket, tls.peerName(), socket.getPort(), true);
      if (!tls.applicationProtocols().isEmpty() || tls.checkHostName()) {
        SSLParameters params = secure.getSSLParameters();
        if (!tls.applicationProtocols().isEmpty()) {
          params.setApplicationProtocols(tls.applicationProtocols().toArray(new String[0]));
        }
        if (tls.checkHostName()) {
          params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        secure.setSSLParameters(params);
      }
      secure.startHandshake();
      return secure;
    } catch (IOException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  /** Closes {@code socket}, which is being given up on. */
  public static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closed either way
    }
  }

  /**
   * How to speak TLS to a daemon.
   *
   * @param context the keys and authorities
   * @param peerName the name the daemon is reached by (for SNI and, with {@code checkHostName}, the
   *     certificate check)
   * @param applicationProtocols ALPN protocols to offer ({@code h2} for gRPC); empty: none
   * @param checkHostName whether the certificate must name {@code peerName}
   */
  public record Tls(
      SSLContext context,
      String peerName,
      List<String> applicationProtocols,
      boolean checkHostName) {
    /** Copies the protocol list. */
    public Tls {
      applicationProtocols = List.copyOf(applicationProtocols);
    }
  }
}
