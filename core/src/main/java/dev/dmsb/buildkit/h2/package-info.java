/**
 * A gRPC server on one HTTP/2 connection that it is handed rather than accepts: the Docker engine's
 * upgraded {@code /session} connection, or a session that travels inside {@code Control.Session}.
 * There the engine is the HTTP/2 client and dmsb the server. grpc-java's own servers accept their
 * connections themselves and bring Netty's event loops and pipeline with them; this one reads
 * frames on the caller's thread, writes them through one buffered stream, and hands each call to
 * grpc-java's {@link io.grpc.ServerCall} API, so the session's services are plain {@link
 * io.grpc.ServerServiceDefinition}s. Header blocks are decoded by {@code com.twitter.hpack} and
 * encoded as literals.
 */
package dev.dmsb.buildkit.h2;
