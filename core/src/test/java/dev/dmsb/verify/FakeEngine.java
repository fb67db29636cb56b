package dev.dmsb.verify;

import dev.dmsb.engine.BuildContextWriter;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory engine holding recorded images; counts archive exports. */
final class FakeEngine implements Engine {
  private final Map<String, ImageDetails> images = new HashMap<>();
  private final Map<String, List<HistoryEntry>> histories = new HashMap<>();
  private final Map<String, byte[]> archives = new HashMap<>();
  final List<String> exported = new ArrayList<>();
  boolean down;

  /** When set, an export hands out a stream whose reads block until it is closed. */
  BlockingArchive blockingExport;

  /** An archive stream that never sends a byte: a read waits until the stream is closed. */
  static final class BlockingArchive extends InputStream {
    final java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    @Override
    public int read() throws IOException {
      reading.countDown();
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("Stream closed");
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  FakeEngine add(String ref, ImageDetails details, List<HistoryEntry> history) {
    images.put(ref, details);
    images.put(details.id(), details);
    histories.put(details.id(), history);
    return this;
  }

  FakeEngine archive(String ref, byte[] archive) {
    archives.put(images.get(ref).id(), archive);
    return this;
  }

  private ImageDetails find(String image) throws EngineException {
    if (down) {
      throw new EngineUnreachableException(address(), "no engine at " + address(), null);
    }
    ImageDetails d = images.get(image);
    if (d == null) {
      throw new ImageNotFoundException(image, "No such image: " + image);
    }
    return d;
  }

  @Override
  public String address() {
    return "fake://engine";
  }

  @Override
  public EngineInfo ping() {
    return new EngineInfo("20.10.24", "1.41", "linux", "amd64", true);
  }

  @Override
  public BuildOutcome build(
      BuildRequest r, BuildContextWriter c, BuildEventListener l, Cancellation cancellation) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    return find(image);
  }

  @Override
  public List<HistoryEntry> history(String image) throws EngineException {
    return histories.get(find(image).id());
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader) throws EngineException {
    String id = find(image).id();
    if (blockingExport != null) {
      exported.add(id);
      try {
        return reader.read(blockingExport);
      } catch (IOException e) {
        throw new EngineException("reading the archive failed: " + e.getMessage(), e);
      }
    }
    byte[] bytes = archives.get(id);
    if (bytes == null) {
      throw new EngineException("no archive recorded for " + image);
    }
    exported.add(id);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return reader.read(in);
    } catch (IOException e) {
      throw new EngineException("reading the archive failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String distributionDigest(String reference, RegistryAuth auth) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void pull(String reference, RegistryAuth auth, BuildEventListener listener) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void removeImage(String image, boolean force) {}

  @Override
  public void close() {}
}
