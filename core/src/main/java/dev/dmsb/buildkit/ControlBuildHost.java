package dev.dmsb.buildkit;

import dev.dmsb.buildkit.content.LayoutOutput;
import dev.dmsb.buildkit.content.LocalCache;
import dev.dmsb.buildkit.proto.control.InfoRequest;
import dev.dmsb.buildkit.proto.control.InfoResponse;
import dev.dmsb.buildkit.proto.control.ListWorkersRequest;
import dev.dmsb.buildkit.proto.control.ListWorkersResponse;
import dev.dmsb.buildkit.proto.control.SolveResponse;
import dev.dmsb.buildkit.proto.control.StatusRequest;
import dev.dmsb.buildkit.proto.control.StatusResponse;
import dev.dmsb.engine.BuildContextWriter;
import dev.dmsb.engine.BuildEvent;
import dev.dmsb.engine.BuildEventListener;
import dev.dmsb.engine.BuildHost;
import dev.dmsb.engine.BuildOutcome;
import dev.dmsb.engine.BuildRequest;
import dev.dmsb.engine.BuildSessions;
import dev.dmsb.engine.Cancellation;
import dev.dmsb.engine.Engine;
import dev.dmsb.engine.EngineConnection;
import dev.dmsb.engine.EngineException;
import dev.dmsb.engine.EngineInfo;
import dev.dmsb.engine.EngineUnreachableException;
import dev.dmsb.engine.OperationCancelledException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * BuildKit's Control API as a {@link BuildHost}: a standalone buildkitd, or a Docker engine's
 * {@code /grpc}. A build is a {@code Solve} for the Dockerfile frontend with the session's ID, its
 * progress the {@code Status} stream of the same ref (started with it, since the daemon waits only
 * a few seconds for the job), its sessions {@code Control.Session} calls on the same channel.
 * Cancelling cancels the Solve call, which makes the daemon stop the build. A buildkitd has no
 * image store; {@link #imageStore()} is the Docker engine given for {@code --load}, if any.
 */
public final class ControlBuildHost implements BuildHost, AutoCloseable {
  private static final long STATUS_DRAIN_SECONDS = 5;

  private final String address;
  private final ControlChannel channel;
  private final Engine imageStore;
  private final boolean daemon;
  private EngineInfo info; // the first ping's answer, guarded by this

  private ControlBuildHost(
      String address, ControlChannel channel, Engine imageStore, boolean daemon) {
    this.address = address;
    this.channel = channel;
    this.imageStore = imageStore;
    this.daemon = daemon;
  }

  /**
   * Connects to the BuildKit daemon at {@code address}; {@code imageStore}: the Docker engine that
   * {@code --load} loads into, or null. The first connection is made now, so an unreachable daemon
   * or refused TLS material is reported here.
   */
  public static ControlBuildHost connect(BuildkitAddress address, Engine imageStore)
      throws EngineException {
    try {
      ControlDialer dialer = new ControlDialer(address);
      EngineConnection first = dialer.dial();
      return new ControlBuildHost(
          address.address(),
          ControlChannel.open("the BuildKit daemon at " + address.address(), first),
          imageStore,
          true);
    } catch (ControlException e) {
      throw e.unreachable()
          ? new EngineUnreachableException(address.address(), e.getMessage(), e)
          : new EngineException(e.getMessage(), e);
    }
  }

  /**
   * A Docker engine's BuildKit through its {@code /grpc} endpoint, as buildx's docker driver uses
   * it: a build without an output goes into the engine's image store ({@code moby} exporter).
   */
  public static ControlBuildHost onEngineGrpc(Engine engine) throws EngineException {
    return EngineGrpc.open(engine);
  }

  /** Wraps a channel already open (a Docker engine's {@code /grpc}). */
  static ControlBuildHost over(String address, ControlChannel channel, Engine engine) {
    return new ControlBuildHost(address, channel, engine, false);
  }

  @Override
  public String address() {
    return address;
  }

  /**
   * What the daemon is and builds for. Asked once (both questions at once, one round trip); later
   * calls answer from the first, so a caller may ask early, while it does other work.
   */
  @Override
  public synchronized EngineInfo ping() throws EngineException {
    if (info == null) {
      info = ask();
    }
    return info;
  }

  private EngineInfo ask() throws EngineException {
    Channel c = channel.channel();
    java.util.concurrent.CompletableFuture<InfoResponse> infoCall =
        unary(c, ControlCalls.INFO, InfoRequest.getDefaultInstance());
    java.util.concurrent.CompletableFuture<ListWorkersResponse> workersCall =
        unary(c, ControlCalls.LIST_WORKERS, ListWorkersRequest.getDefaultInstance());
    String version = "";
    try {
      version = answer(infoCall).getBuildkitVersion().getVersion();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        workersCall.cancel(true);
        throw failed("asking the BuildKit daemon at " + address + " what it is", e);
      }
      // BuildKit before 0.11 (a Docker 20.10 engine's): no Info; ListWorkers says enough
    }
    String os = "linux";
    String arch = "";
    try {
      ListWorkersResponse workers = answer(workersCall);
      if (workers.getRecordCount() > 0 && workers.getRecord(0).getPlatformsCount() > 0) {
        os = workers.getRecord(0).getPlatforms(0).getOS();
        arch = workers.getRecord(0).getPlatforms(0).getArchitecture();
      }
    } catch (StatusRuntimeException e) {
      throw failed("asking the BuildKit daemon at " + address + " for its workers", e);
    }
    return new EngineInfo(
        version.isEmpty() ? "(before 0.11)" : version,
        "",
        os,
        arch,
        true,
        daemon ? EngineInfo.BUILDKIT : EngineInfo.DOCKER);
  }

  /** A unary call started now; its answer or failure completes the future. */
  private static <Q, R> java.util.concurrent.CompletableFuture<R> unary(
      Channel c, io.grpc.MethodDescriptor<Q, R> method, Q request) {
    java.util.concurrent.CompletableFuture<R> answer =
        new java.util.concurrent.CompletableFuture<>();
    io.grpc.stub.ClientCalls.asyncUnaryCall(
        c.newCall(method, deadline()),
        request,
        new io.grpc.stub.StreamObserver<R>() {
          @Override
          public void onNext(R value) {
            answer.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            // onNext completed it; a call that ends without an answer fails in onError
          }
        });
    return answer;
  }

  /** The call's answer; its gRPC failure as thrown by a blocking call. */
  private static <R> R answer(java.util.concurrent.CompletableFuture<R> call)
      throws EngineException {
    try {
      return call.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel(true);
      throw new EngineException("interrupted while asking the BuildKit daemon", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException sre) {
        throw sre;
      }
      throw Status.fromThrowable(e.getCause()).asRuntimeException();
    }
  }

  private static CallOptions deadline() {
    return CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Override
  public Optional<BuildSessions> sessions() {
    return Optional.of(new ControlSessions(channel.channel(), address));
  }

  @Override
  public BuildOutcome build(
      BuildRequest request,
      BuildContextWriter context,
      BuildEventListener listener,
      Cancellation cancellation)
      throws EngineException {
    if (request.session() == null) {
      throw new EngineException(
          "BuildKit's Control API at "
              + address
              + " takes no context upload; the context goes through a session");
    }
    if (cancellation.isCancelled()) {
      throw cancelled();
    }
    String ref = request.buildId() != null ? request.buildId() : newRef();
    BuildRequest sent;
    try {
      sent =
          request.withCache(
              LocalCache.prepare(
                  request.cache(), warning -> listener.on(new BuildEvent.Warning(warning))));
    } catch (IOException e) {
      throw new EngineException("cannot make the --cache-to folder: " + e.getMessage(), e);
    }
    try {
      LayoutOutput.prepare(request.output());
    } catch (IOException e) {
      throw new EngineException("cannot make the output folder: " + e.getMessage(), e);
    }
    Channel c = channel.channel();
    Context.CancellableContext solveContext = Context.current().withCancellation();
    CountDownLatch statusDone = new CountDownLatch(1);
    ClientCall<StatusRequest, StatusResponse> status =
        c.newCall(ControlCalls.STATUS, CallOptions.DEFAULT);
    ClientCalls.asyncServerStreamingCall(
        status,
        StatusRequest.newBuilder().setRef(ref).build(),
        new StreamObserver<>() {
          @Override
          public void onNext(StatusResponse value) {
            for (BuildEvent e : StatusEvents.of(value)) {
              listener.on(e);
            }
          }

          @Override
          public void onError(Throwable t) {
            statusDone.countDown();
          }

          @Override
          public void onCompleted() {
            statusDone.countDown();
          }
        });
    SolveResponse response;
    try (Cancellation.Registration r =
        cancellation.onCancel(
            () -> solveContext.cancel(new OperationCancelledException("cancelled")))) {
      response =
          solveContext.call(
              () ->
                  ClientCalls.blockingUnaryCall(
                      c,
                      ControlCalls.SOLVE,
                      CallOptions.DEFAULT,
                      SolveRequests.of(ref, sent, !daemon)));
    } catch (StatusRuntimeException e) {
      drain(statusDone, status);
      if (cancellation.isCancelled()) {
        throw cancelled();
      }
      if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        throw new EngineUnreachableException(
            address,
            "The BuildKit daemon at "
                + address
                + " went away during the build: "
                + describe(e.getStatus()),
            e);
      }
      String message = describe(e.getStatus());
      if (!daemon && message.contains("unknown cache exporter")) {
        // A Docker engine's BuildKit on its own image store has only the inline exporter.
        message =
            message
                + " (the Docker engine's BuildKit exports only inline cache, --cache-to"
                + " type=inline, unless it runs on the containerd image store; build on a BuildKit"
                + " daemon with --buildkit-host for registry or local cache)";
      }
      return new BuildOutcome(Optional.empty(), Optional.of(message), 0);
    } catch (Exception e) {
      drain(statusDone, status);
      if (cancellation.isCancelled()) {
        throw cancelled();
      }
      throw new EngineException("the build on " + address + " failed: " + e, e);
    } finally {
      solveContext.cancel(null);
    }
    drain(statusDone, status);
    Map<String, String> exported = response.getExporterResponseMap();
    try {
      LocalCache.record(sent.cache(), exported);
    } catch (IOException e) {
      throw new EngineException(
          "the build's cache was exported, but the cache folder's index.json could not be"
              + " updated: "
              + e.getMessage(),
          e);
    }
    try {
      LayoutOutput.record(request.output(), exported);
    } catch (IOException e) {
      throw new EngineException(
          "the image was written into "
              + request.output().dest()
              + ", but its index.json could not be updated: "
              + e.getMessage(),
          e);
    }
    String id = exported.get("containerimage.digest");
    if (request.output() != null && request.output().type().equals("docker")) {
      // Loaded into a Docker engine, the image is known by its configuration's digest.
      id = exported.getOrDefault("containerimage.config.digest", id);
    }
    return new BuildOutcome(Optional.ofNullable(id), Optional.empty(), 0, exported);
  }

  private static void drain(CountDownLatch done, ClientCall<?, ?> status) {
    try {
      if (!done.await(STATUS_DRAIN_SECONDS, TimeUnit.SECONDS)) {
        status.cancel("the build is over", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status.cancel("interrupted", null);
    }
  }

  private static String describe(Status s) {
    String d = s.getDescription();
    return d == null || d.isEmpty() ? s.getCode().toString() : d;
  }

  private EngineException failed(String doing, StatusRuntimeException e) {
    if (e.getStatus().getCode() == Status.Code.UNAVAILABLE) {
      return new EngineUnreachableException(
          address,
          "Cannot reach a BuildKit daemon at "
              + address
              + " ("
              + doing
              + "): "
              + describe(e.getStatus()),
          e);
    }
    return new EngineException(doing + " failed: " + describe(e.getStatus()), e);
  }

  private static OperationCancelledException cancelled() {
    return new OperationCancelledException(
        "The build was cancelled; the Solve call was cancelled, which stops it on BuildKit.");
  }

  @Override
  public boolean storesImages() {
    return !daemon;
  }

  @Override
  public Optional<Engine> imageStore() {
    return Optional.ofNullable(imageStore);
  }

  @Override
  public void close() {
    channel.close();
  }

  private static String newRef() {
    byte[] random = new byte[16];
    new java.security.SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
