package dev.dmsb.engine;

/**
 * What a BuildKit session sent the engine.
 *
 * @param entries file-sync entries offered (files, folders, links), over all requests
 * @param files files whose content the engine asked for
 * @param fileBytes bytes of file content sent
 * @param bytesSent bytes written to the connection, framing included
 */
public record SessionTraffic(long entries, long files, long fileBytes, long bytesSent) {}
