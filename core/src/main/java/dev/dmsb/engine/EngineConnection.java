package dev.dmsb.engine;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A raw, full-duplex byte connection to the engine's API endpoint (unix socket, tcp, or TLS over
 * tcp), for a protocol the HTTP client cannot speak: the {@code h2c} upgrade of {@code POST
 * /session}. Reading and writing may happen on two threads at once; closing ends both.
 */
public interface EngineConnection extends Closeable {

  /** The bytes the engine sends. */
  InputStream input();

  /** The bytes sent to the engine. */
  OutputStream output();

  /** The {@code Host} header value for HTTP/1.1 requests on this connection. */
  String hostHeader();
}
