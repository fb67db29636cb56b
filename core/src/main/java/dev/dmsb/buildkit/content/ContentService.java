package dev.dmsb.buildkit.content;

import com.google.protobuf.ByteString;
import dev.dmsb.buildkit.proto.content.AbortRequest;
import dev.dmsb.buildkit.proto.content.Empty;
import dev.dmsb.buildkit.proto.content.Info;
import dev.dmsb.buildkit.proto.content.InfoRequest;
import dev.dmsb.buildkit.proto.content.InfoResponse;
import dev.dmsb.buildkit.proto.content.ReadContentRequest;
import dev.dmsb.buildkit.proto.content.ReadContentResponse;
import dev.dmsb.buildkit.proto.content.Status;
import dev.dmsb.buildkit.proto.content.StatusRequest;
import dev.dmsb.buildkit.proto.content.StatusResponse;
import dev.dmsb.buildkit.proto.content.UpdateRequest;
import dev.dmsb.buildkit.proto.content.WriteContentRequest;
import dev.dmsb.buildkit.proto.content.WriteContentResponse;
import dev.dmsb.buildkit.proto.wire.Timestamp;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.lite.ProtoLiteUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Map;

/**
 * containerd's {@code containerd.services.content.v1.Content} over {@link LayoutStore}s, as a
 * BuildKit client serves it on the session for cache folders: the store is the one the call's
 * {@code buildkit-attachable-store-id} header names ({@code local:DIR}). Served: {@code Info},
 * {@code Read} (ranges, streamed from the file as the daemon takes them), {@code Write} (the
 * resumable write stream: {@code STAT}, {@code WRITE} at the current offset or 0, {@code COMMIT}
 * with size and digest checked), {@code Status}, {@code Abort}; {@code Update} is refused, as by
 * containerd's local store without labels. Errors carry containerd's codes, which the daemon maps
 * back ({@code NOT_FOUND}, {@code ALREADY_EXISTS}: the blob is there, {@code UNAVAILABLE}: the ref
 * is being written, retried).
 */
public final class ContentService {
  static final String SERVICE = "containerd.services.content.v1.Content";
  static final Metadata.Key<String> STORE_ID =
      Metadata.Key.of("buildkit-attachable-store-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> CHOSEN = Context.key("dmsb-content-store");
  private static final int CHUNK = 128 * 1024;

  static final MethodDescriptor<InfoRequest, InfoResponse> INFO =
      unary("Info", InfoRequest.getDefaultInstance(), InfoResponse.getDefaultInstance());
  static final MethodDescriptor<UpdateRequest, InfoResponse> UPDATE =
      unary("Update", UpdateRequest.getDefaultInstance(), InfoResponse.getDefaultInstance());
  static final MethodDescriptor<StatusRequest, StatusResponse> STATUS =
      unary("Status", StatusRequest.getDefaultInstance(), StatusResponse.getDefaultInstance());
  static final MethodDescriptor<AbortRequest, Empty> ABORT =
      unary("Abort", AbortRequest.getDefaultInstance(), Empty.getDefaultInstance());
  static final MethodDescriptor<ReadContentRequest, ReadContentResponse> READ =
      MethodDescriptor.<ReadContentRequest, ReadContentResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
          .setFullMethodName(SERVICE + "/Read")
          .setRequestMarshaller(ProtoLiteUtils.marshaller(ReadContentRequest.getDefaultInstance()))
          .setResponseMarshaller(
              ProtoLiteUtils.marshaller(ReadContentResponse.getDefaultInstance()))
          .build();
  static final MethodDescriptor<WriteContentRequest, WriteContentResponse> WRITE =
      MethodDescriptor.<WriteContentRequest, WriteContentResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(SERVICE + "/Write")
          .setRequestMarshaller(ProtoLiteUtils.marshaller(WriteContentRequest.getDefaultInstance()))
          .setResponseMarshaller(
              ProtoLiteUtils.marshaller(WriteContentResponse.getDefaultInstance()))
          .build();

  private final Map<String, LayoutStore> stores;

  /** The service over {@code stores}, by store ID ({@code local:DIR}). */
  public ContentService(Map<String, LayoutStore> stores) {
    this.stores = Map.copyOf(stores);
  }

  private static <
          Q extends com.google.protobuf.MessageLite, R extends com.google.protobuf.MessageLite>
      MethodDescriptor<Q, R> unary(String name, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(SERVICE + "/" + name)
        .setRequestMarshaller(ProtoLiteUtils.marshaller(request))
        .setResponseMarshaller(ProtoLiteUtils.marshaller(response))
        .build();
  }

  /** The service's definition, for a session's server. */
  public ServerServiceDefinition definition() {
    ServerServiceDefinition plain =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(INFO, ServerCalls.asyncUnaryCall(this::info))
            .addMethod(UPDATE, ServerCalls.asyncUnaryCall(this::update))
            .addMethod(STATUS, ServerCalls.asyncUnaryCall(this::status))
            .addMethod(ABORT, ServerCalls.asyncUnaryCall(this::abort))
            .addMethod(READ, ServerCalls.asyncServerStreamingCall(this::read))
            .addMethod(WRITE, ServerCalls.asyncBidiStreamingCall(this::write))
            .build();
    return ServerInterceptors.intercept(plain, new StoreHeader());
  }

  /** Puts the store ID header into the call's context. */
  private static final class StoreHeader implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String id = headers.get(STORE_ID);
      return Contexts.interceptCall(
          Context.current().withValue(CHOSEN, id == null ? "" : id), call, headers, next);
    }
  }

  private LayoutStore store() {
    String id = CHOSEN.get();
    if (id == null || id.isEmpty()) {
      throw io.grpc.Status.INVALID_ARGUMENT
          .withDescription("request lacks metadata \"" + STORE_ID.name() + "\"")
          .asRuntimeException();
    }
    LayoutStore s = stores.get(id);
    if (s == null) {
      throw io.grpc.Status.NOT_FOUND.withDescription("unknown store " + id).asRuntimeException();
    }
    return s;
  }

  private void info(InfoRequest request, StreamObserver<InfoResponse> out) {
    try {
      LayoutStore.BlobInfo info = found(store(), request.getDigest());
      out.onNext(InfoResponse.newBuilder().setInfo(info(info)).build());
      out.onCompleted();
    } catch (RuntimeException | IOException e) {
      out.onError(status(e));
    }
  }

  private void update(UpdateRequest request, StreamObserver<InfoResponse> out) {
    out.onError(
        io.grpc.Status.FAILED_PRECONDITION
            .withDescription("update not supported on immutable content store")
            .asRuntimeException());
  }

  private void status(StatusRequest request, StreamObserver<StatusResponse> out) {
    try {
      LayoutStore.IngestStatus s =
          store()
              .status(request.getRef())
              .orElseThrow(
                  () ->
                      io.grpc.Status.NOT_FOUND
                          .withDescription("ingest ref \"" + request.getRef() + "\": not found")
                          .asRuntimeException());
      out.onNext(
          StatusResponse.newBuilder()
              .setStatus(
                  Status.newBuilder()
                      .setRef(request.getRef())
                      .setOffset(s.offset())
                      .setTotal(s.total()))
              .build());
      out.onCompleted();
    } catch (RuntimeException | IOException e) {
      out.onError(status(e));
    }
  }

  private void abort(AbortRequest request, StreamObserver<Empty> out) {
    try {
      if (!store().abort(request.getRef())) {
        throw io.grpc.Status.NOT_FOUND
            .withDescription("ingest ref \"" + request.getRef() + "\": not found")
            .asRuntimeException();
      }
      out.onNext(Empty.getDefaultInstance());
      out.onCompleted();
    } catch (RuntimeException | IOException e) {
      out.onError(status(e));
    }
  }

  /**
   * Sends {@code size} bytes from {@code offset} (all to the end when {@code size} is 0 or less or
   * reaches past it), a chunk at a time as the daemon's side of the call takes them.
   */
  private void read(ReadContentRequest request, StreamObserver<ReadContentResponse> plain) {
    ServerCallStreamObserver<ReadContentResponse> out =
        (ServerCallStreamObserver<ReadContentResponse>) plain;
    FileChannel file;
    long start;
    long end;
    try {
      LayoutStore store = store();
      LayoutStore.BlobInfo info = found(store, request.getDigest());
      start = Math.max(0, request.getOffset());
      if (start > info.size()) {
        throw io.grpc.Status.OUT_OF_RANGE
            .withDescription("read past object length " + info.size() + " bytes")
            .asRuntimeException();
      }
      long size = request.getSize();
      end = size <= 0 || start + size > info.size() ? info.size() : start + size;
      file = store.read(request.getDigest());
    } catch (RuntimeException | IOException e) {
      out.onError(status(e));
      return;
    }
    new RangeSender(file, start, end, out).begin();
  }

  /** Streams a range of a blob, pausing while the call's buffer is full. */
  private static final class RangeSender implements Runnable {
    private final FileChannel file;
    private final long end;
    private final ServerCallStreamObserver<ReadContentResponse> out;
    private long at;
    private boolean done;

    RangeSender(
        FileChannel file, long start, long end, ServerCallStreamObserver<ReadContentResponse> out) {
      this.file = file;
      this.at = start;
      this.end = end;
      this.out = out;
    }

    void begin() {
      out.setOnCancelHandler(this::finish);
      out.setOnReadyHandler(this);
      run();
    }

    @Override
    public synchronized void run() {
      if (done) {
        return;
      }
      try {
        while (at < end && out.isReady()) {
          ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, end - at));
          while (chunk.hasRemaining()) {
            int n = file.read(chunk, at + chunk.position());
            if (n < 0) {
              throw new IOException("the blob ended before its size");
            }
          }
          chunk.flip();
          out.onNext(
              ReadContentResponse.newBuilder()
                  .setOffset(at)
                  .setData(ByteString.copyFrom(chunk))
                  .build());
          at += chunk.limit();
        }
        if (at >= end) {
          finish();
          out.onCompleted();
        }
      } catch (IOException | RuntimeException e) {
        finish();
        out.onError(status(e));
      }
    }

    private synchronized void finish() {
      if (!done) {
        done = true;
        try {
          file.close();
        } catch (IOException e) {
          // read only; nothing to keep
        }
      }
    }
  }

  private StreamObserver<WriteContentRequest> write(StreamObserver<WriteContentResponse> out) {
    LayoutStore store;
    try {
      store = store();
    } catch (RuntimeException e) {
      out.onError(status(e));
      return new BlobWrite(null, out);
    }
    return new BlobWrite(store, out);
  }

  static LayoutStore.BlobInfo found(LayoutStore store, String digest) throws IOException {
    try {
      return store
          .info(digest)
          .orElseThrow(
              () ->
                  io.grpc.Status.NOT_FOUND
                      .withDescription("content " + digest + ": not found")
                      .asRuntimeException());
    } catch (IllegalArgumentException e) {
      throw io.grpc.Status.INVALID_ARGUMENT
          .withDescription("\"" + digest + "\" failed validation")
          .asRuntimeException();
    }
  }

  static Info info(LayoutStore.BlobInfo info) {
    return Info.newBuilder()
        .setDigest(info.digest())
        .setSize(info.size())
        .setCreatedAt(timestamp(info.modified().toInstant()))
        .setUpdatedAt(timestamp(info.modified().toInstant()))
        .build();
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** An error as the gRPC status containerd's server would give for it. */
  static StatusRuntimeException status(Throwable e) {
    if (e instanceof StatusRuntimeException s) {
      return s;
    }
    io.grpc.Status code;
    if (e instanceof LayoutStore.BlobExistsException) {
      code = io.grpc.Status.ALREADY_EXISTS;
    } else if (e instanceof LayoutStore.RefLockedException) {
      code = io.grpc.Status.UNAVAILABLE;
    } else if (e instanceof Ingest.BadBlobException) {
      code = io.grpc.Status.FAILED_PRECONDITION;
    } else if (e instanceof IllegalArgumentException) {
      code = io.grpc.Status.INVALID_ARGUMENT;
    } else {
      code = io.grpc.Status.INTERNAL;
    }
    return code.withDescription(e.getMessage()).asRuntimeException();
  }
}
