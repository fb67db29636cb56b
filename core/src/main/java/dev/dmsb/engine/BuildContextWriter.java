package dev.dmsb.engine;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the build context (an uncompressed tar) while the request body is sent. It runs on a
 * thread of its own; what it writes goes to the engine through a bounded buffer.
 *
 * <p>Engine fact (20.10, BuildKit): the daemon decides whether the body is a tar by reading its
 * first 1024 bytes, so the first entry's own header must start within them. A PAX extended header
 * as the first entry (512 + 512 bytes) pushes it out, and the whole body is then read as the
 * Dockerfile ("dockerfile line greater than max allowed size"). Write a plain ustar header first
 * (e.g. the Dockerfile), and PAX headers only where needed.
 */
@FunctionalInterface
public interface BuildContextWriter {
  void writeTo(OutputStream out) throws IOException;
}
