package dev.dmsb.build;

import dev.dmsb.engine.BuildContextWriter;
import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.HistoryEntry;
import dev.dmsb.engine.ImageDetails;
import dev.dmsb.engine.ImageNotFoundException;
import dev.dmsb.engine.RegistryAuth;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** An engine that records what it was asked and answers from a script. */
final class FakeEngine implements Engine {
  boolean buildkit = true;
  boolean podman;
  Set<String> localImages = Set.of();
  List<BuildEvent> events = List.of();
  String error;
  final List<String> pulled = new ArrayList<>();
  final List<RegistryAuth> pullAuths = new ArrayList<>();
  BuildRequest request;
  byte[] contextBytes;

  @Override
  public String address() {
    return "fake://engine";
  }

  @Override
  public EngineInfo ping() {
    return podman
        ? new EngineInfo("4.3.1", "1.41", "linux", "amd64", false, EngineInfo.PODMAN)
        : new EngineInfo("20.10.24", "1.41", "linux", "amd64", buildkit);
  }

  @Override
  public BuildOutcome build(
      BuildRequest r,
      BuildContextWriter context,
      BuildEventListener l,
      dev.dmsb.engine.Cancellation cancellation)
      throws EngineException {
    this.request = r;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      context.writeTo(out);
    } catch (IOException e) {
      throw new dev.dmsb.engine.ContextWriteException(
          "sending the context failed: " + e.getMessage(), e);
    }
    contextBytes = out.toByteArray();
    events.forEach(l::on);
    return error == null
        ? new BuildOutcome(Optional.of("sha256:" + "a".repeat(64)), Optional.empty(), out.size())
        : new BuildOutcome(Optional.empty(), Optional.of(error), out.size());
  }

  @Override
  public ImageDetails inspect(String image) throws EngineException {
    if (!localImages.contains(image)) {
      throw new ImageNotFoundException(image, "no such image: " + image);
    }
    return new ImageDetails(
        image, List.of(), List.of(), "", 0, List.of(), java.util.Map.of(), "linux", "amd64");
  }

  @Override
  public List<HistoryEntry> history(String image) {
    return List.of();
  }

  @Override
  public <T> T exportImage(String image, ArchiveReader<T> reader) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String distributionDigest(String reference, RegistryAuth auth) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void pull(String reference, RegistryAuth auth, BuildEventListener listener) {
    pulled.add(reference);
    pullAuths.add(auth);
  }

  @Override
  public void removeImage(String image, boolean force) {}

  @Override
  public void close() {}
}
