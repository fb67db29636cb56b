package dev.dmsb.engine.docker;

import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The SSL context given to docker-java's httpclient5 transport for an engine on a unix socket.
 *
 * <p>The transport always builds a TLS strategy, and without an SSL context of ours it asks for the
 * JVM's default one, whose set-up (security providers, the CA store, a seeded random source) was
 * the largest part of dmsb's start-up although a unix socket never uses TLS. This context costs
 * nothing to make and refuses every use, so a TLS connection can never be made with it by mistake.
 * It must not be given for {@code tcp://} addresses: there the transport takes any SSL context as
 * the wish to speak HTTPS.
 */
final class UnusedTlsContext extends SSLContext {
  UnusedTlsContext() {
    super(new Refusing(), null, "none");
  }

  private static final class Refusing extends SSLContextSpi {
    private static UnsupportedOperationException refused() {
      return new UnsupportedOperationException(
          "TLS is not used for an engine on a unix socket; this SSL context only stands in");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }
}
