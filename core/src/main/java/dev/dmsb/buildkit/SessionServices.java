package dev.dmsb.buildkit;

import com.google.protobuf.ByteString;
import dev.dmsb.buildkit.content.ContentService;
import dev.dmsb.buildkit.content.LayoutOutput;
import dev.dmsb.buildkit.content.LocalCache;
import dev.dmsb.buildkit.proto.fsutil.Packet;
import dev.dmsb.buildkit.proto.health.HealthCheckRequest;
import dev.dmsb.buildkit.proto.health.HealthCheckResponse;
import dev.dmsb.buildkit.proto.secrets.GetSecretRequest;
import dev.dmsb.buildkit.proto.secrets.GetSecretResponse;
import dev.dmsb.buildkit.proto.session.CredentialsRequest;
import dev.dmsb.buildkit.proto.session.CredentialsResponse;
import dev.dmsb.engine.RegistryAuth;
import dev.dmsb.engine.SecretSource;
import dev.dmsb.engine.SessionOffer;
import dev.dmsb.engine.SyncedDirectory;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The gRPC services a session serves, declared by hand (method descriptors over dmsb's messages, no
 * generated stubs): {@code grpc.health.v1.Health/Check}, {@code
 * moby.filesync.v1.FileSync/DiffCopy}, {@code moby.filesync.v1.Auth/Credentials}, and {@code
 * moby.buildkit.secrets.v1.Secrets/GetSecret} when secrets are given, containerd's {@code Content}
 * for {@code type=local} cache folders. Any other method the engine calls gets {@code
 * UNIMPLEMENTED}, which it reads as "not offered" (no token authority: the engine fetches registry
 * tokens itself with the credentials).
 */
final class SessionServices {
  static final MethodDescriptor<HealthCheckRequest, HealthCheckResponse> HEALTH_CHECK =
      MethodDescriptor.<HealthCheckRequest, HealthCheckResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("grpc.health.v1.Health/Check")
          .setRequestMarshaller(LiteMarshaller.of(HealthCheckRequest.parser()))
          .setResponseMarshaller(LiteMarshaller.of(HealthCheckResponse.parser()))
          .build();

  static final MethodDescriptor<Packet, Packet> DIFF_COPY =
      MethodDescriptor.<Packet, Packet>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName("moby.filesync.v1.FileSync/DiffCopy")
          .setRequestMarshaller(LiteMarshaller.of(Packet.parser()))
          .setResponseMarshaller(LiteMarshaller.of(Packet.parser()))
          .build();

  static final MethodDescriptor<CredentialsRequest, CredentialsResponse> CREDENTIALS =
      MethodDescriptor.<CredentialsRequest, CredentialsResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("moby.filesync.v1.Auth/Credentials")
          .setRequestMarshaller(LiteMarshaller.of(CredentialsRequest.parser()))
          .setResponseMarshaller(LiteMarshaller.of(CredentialsResponse.parser()))
          .build();

  static final MethodDescriptor<GetSecretRequest, GetSecretResponse> GET_SECRET =
      MethodDescriptor.<GetSecretRequest, GetSecretResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("moby.buildkit.secrets.v1.Secrets/GetSecret")
          .setRequestMarshaller(LiteMarshaller.of(GetSecretRequest.parser()))
          .setResponseMarshaller(LiteMarshaller.of(GetSecretResponse.parser()))
          .build();

  /** The request headers of the current call (the file-sync options travel there). */
  static final Context.Key<Metadata> HEADERS = Context.key("dmsb-headers");

  private static final Metadata.Key<String> DIR_NAME =
      Metadata.Key.of("dir-name", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> INCLUDES =
      Metadata.Key.of("include-patterns", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> FOLLOW =
      Metadata.Key.of("followpaths", Metadata.ASCII_STRING_MARSHALLER);

  private final SessionOffer offer;
  private final DiffCopySender.Counters counters = new DiffCopySender.Counters();
  private final java.util.Map<String, SyncTree.ReadAhead> ahead =
      new java.util.concurrent.ConcurrentHashMap<>();

  SessionServices(SessionOffer offer) {
    this.offer = offer;
  }

  /**
   * Starts reading the offered folders, so that the engine's request for one (which comes after the
   * build request has been read and the Dockerfile loaded) is answered from memory.
   */
  void readAhead() {
    for (SyncedDirectory d : offer.directories()) {
      if (d instanceof SyncedDirectory.Folder f) {
        ahead.put(f.name(), SyncTree.readAhead(f));
      }
    }
  }

  DiffCopySender.Counters counters() {
    return counters;
  }

  /** The services, each with the interceptor that hands the call's headers to it. */
  List<ServerServiceDefinition> definitions() {
    List<ServerServiceDefinition> all = new ArrayList<>();
    all.add(
        ServerServiceDefinition.builder("grpc.health.v1.Health")
            .addMethod(HEALTH_CHECK, ServerCalls.asyncUnaryCall(SessionServices::check))
            .build());
    all.add(
        ServerServiceDefinition.builder("moby.filesync.v1.FileSync")
            .addMethod(DIFF_COPY, ServerCalls.asyncBidiStreamingCall(this::diffCopy))
            .build());
    all.add(
        ServerServiceDefinition.builder("moby.filesync.v1.Auth")
            .addMethod(CREDENTIALS, ServerCalls.asyncUnaryCall(this::credentials))
            .build());
    if (offer.output() != null && offer.output().dest() != null && !offer.output().layout()) {
      all.add(new FileSendReceiver(offer.output()).definition());
    }
    if (!offer.ssh().isEmpty()) {
      all.add(new SshForwarding(offer.ssh()).definition());
    }
    var stores = new java.util.LinkedHashMap<>(LocalCache.stores(offer.cache()));
    LayoutOutput.store(offer.output()).ifPresent(e -> stores.put(e.getKey(), e.getValue()));
    if (!stores.isEmpty()) {
      all.add(new ContentService(stores).definition());
    }
    if (!offer.secrets().isEmpty()) {
      all.add(
          ServerServiceDefinition.builder("moby.buildkit.secrets.v1.Secrets")
              .addMethod(GET_SECRET, ServerCalls.asyncUnaryCall(this::secret))
              .build());
    }
    return all;
  }

  /**
   * Readies the messages a session sends first (lite messages build their schemas on first use), on
   * the session's thread while the build request is on its way.
   */
  static void prepareMessages() {
    Packet.newBuilder()
        .setType(Packet.PacketType.PACKET_STAT)
        .setStat(dev.dmsb.buildkit.proto.fsutil.Stat.newBuilder().setPath("p").setMode(1))
        .build()
        .toByteArray();
    HealthCheckResponse.getDefaultInstance().toByteArray();
    CredentialsResponse.getDefaultInstance().toByteArray();
  }

  /** Every method served, {@code /service/method}, for the session's method headers. */
  List<String> methodPaths() {
    return definitions().stream()
        .flatMap(d -> d.getMethods().stream())
        .map(m -> "/" + m.getMethodDescriptor().getFullMethodName())
        .collect(Collectors.toList());
  }

  /** Puts each call's headers into its context. */
  static ServerInterceptor headersIntoContext() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(
            Context.current().withValue(HEADERS, headers), call, headers, next);
      }
    };
  }

  private static void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
    out.onNext(
        HealthCheckResponse.newBuilder()
            .setStatus(HealthCheckResponse.ServingStatus.SERVING)
            .build());
    out.onCompleted();
  }

  private StreamObserver<Packet> diffCopy(StreamObserver<Packet> response) {
    Metadata headers = HEADERS.get();
    String name = headers == null ? null : headers.get(DIR_NAME);
    SyncedDirectory dir = null;
    for (SyncedDirectory d : offer.directories()) {
      if (d.name().equals(name)) {
        dir = d;
      }
    }
    if (dir == null) {
      response.onError(
          Status.NOT_FOUND
              .withDescription("no access allowed to dir \"" + name + "\"")
              .asRuntimeException());
      return new Ignoring<>();
    }
    IncludePatterns includes =
        IncludePatterns.of(
            dir instanceof SyncedDirectory.Folder f ? f.root() : null,
            values(headers, INCLUDES),
            values(headers, FOLLOW));
    DiffCopySender sender =
        new DiffCopySender(
            dir,
            includes,
            ahead.get(dir.name()),
            (ServerCallStreamObserver<Packet>) response,
            counters);
    Thread t = new Thread(sender, "dmsb-session-sync-" + name);
    t.setDaemon(true);
    t.start();
    return sender.inbound();
  }

  private void credentials(CredentialsRequest request, StreamObserver<CredentialsResponse> out) {
    CredentialsResponse.Builder answer = CredentialsResponse.newBuilder();
    RegistryAuth auth = lookup(offer.credentials(), request.getHost());
    if (auth != null) {
      if (auth.identityToken() != null && !auth.identityToken().isEmpty()) {
        answer.setSecret(auth.identityToken());
      } else {
        answer.setUsername(nullToEmpty(auth.username())).setSecret(nullToEmpty(auth.password()));
      }
    }
    out.onNext(answer.build());
    out.onCompleted();
  }

  /**
   * The secret's value, read now from its file or variable. An ID no {@code --secret} names is
   * {@code NOT_FOUND}, which the engine reports as "secret ID not found" (an error only for a mount
   * with {@code required=true}). The value goes only into the answer.
   */
  private void secret(GetSecretRequest request, StreamObserver<GetSecretResponse> out) {
    SecretSource source = null;
    for (SecretSource s : offer.secrets()) {
      if (s.id().equals(request.getID())) {
        source = s;
      }
    }
    if (source == null) {
      out.onError(
          Status.NOT_FOUND
              .withDescription("secret " + request.getID() + " not found")
              .asRuntimeException());
      return;
    }
    byte[] value;
    if (source.file() != null) {
      try {
        value = Files.readAllBytes(source.file());
      } catch (IOException e) {
        out.onError(
            Status.NOT_FOUND
                .withDescription(
                    "secret " + source.id() + ": cannot read " + source.file() + ": " + e)
                .asRuntimeException());
        return;
      }
    } else {
      String v = System.getenv(source.env());
      if (v == null) {
        out.onError(
            Status.NOT_FOUND
                .withDescription(
                    "secret " + source.id() + ": the variable " + source.env() + " is not set")
                .asRuntimeException());
        return;
      }
      value = v.getBytes(StandardCharsets.UTF_8);
    }
    out.onNext(GetSecretResponse.newBuilder().setData(ByteString.copyFrom(value)).build());
    out.onCompleted();
  }

  /** As the docker CLI: Docker Hub's registry host is keyed by its index address. */
  private static RegistryAuth lookup(Function<String, RegistryAuth> credentials, String host) {
    RegistryAuth auth = credentials.apply(host);
    if (auth == null && "registry-1.docker.io".equals(host)) {
      auth = credentials.apply("docker.io");
    }
    return auth;
  }

  private static List<String> values(Metadata headers, Metadata.Key<String> key) {
    if (headers == null) {
      return List.of();
    }
    Iterable<String> all = headers.getAll(key);
    List<String> out = new ArrayList<>();
    if (all != null) {
      all.forEach(out::add);
    }
    // BuildKit 0.12 and later escape values with non-ASCII characters and say so.
    String encoded =
        headers.get(Metadata.Key.of(key.name() + "-encoded", Metadata.ASCII_STRING_MARSHALLER));
    if ("1".equals(encoded)) {
      out.replaceAll(v -> URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A stream observer for a call already failed. */
  private static final class Ignoring<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
