/**
 * Raw byte connections to a daemon's endpoint: a unix socket, tcp, and TLS over tcp, as {@link
 * dev.dmsb.engine.EngineConnection}s. The Docker engine adapter ({@code dev.dmsb.engine.docker})
 * and the BuildKit client ({@code dev.dmsb.buildkit}) both dial through this; it uses the JDK only,
 * so neither adapter's client library leaks into the other. Each caller words its own errors: the
 * steps (connect, handshake) fail apart so that it can say which one did.
 */
package dev.dmsb.engine.net;
