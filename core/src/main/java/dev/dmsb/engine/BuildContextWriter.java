package dev.dmsb.engine;

import java.io.IOException;
import java.io.OutputStream;

/** Writes the build context (an uncompressed tar) while the request body is sent. */
@FunctionalInterface
public interface BuildContextWriter {
  void writeTo(OutputStream out) throws IOException;
}
