/**
 * BuildKit's own protocol, client side: the session a build opens on a Docker engine ({@code POST
 * /session} upgraded to {@code h2c}, on which dmsb is the HTTP/2 and gRPC server) and the services
 * it serves: health, file sync of the context and the Dockerfile (fsutil's packet protocol),
 * registry credentials. The only package that uses gRPC and protobuf; generated messages live in
 * {@code dev.dmsb.buildkit.proto}. Nothing here is loaded until a session is opened.
 */
package dev.dmsb.buildkit;
