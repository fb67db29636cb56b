package dev.dmsb.engine.config;

import java.nio.file.Path;

/**
 * TLS towards a tcp engine.
 *
 * @param verify whether the engine's certificate is checked against {@code caCert} (and its host
 *     name); off only when asked for ({@code --tls} without {@code --tlsverify}, or a context with
 *     {@code SkipTLSVerify})
 * @param caCert the CA certificate (PEM) that signed the engine's certificate; null when not
 *     verifying
 * @param clientCert the client certificate (PEM), or null to connect without one
 * @param clientKey the client certificate's private key (PEM), or null
 */
public record TlsSettings(boolean verify, Path caCert, Path clientCert, Path clientKey) {}
