package dev.dmsb.buildkit;

import com.google.protobuf.MessageLite;
import dev.dmsb.buildkit.proto.control.BytesMessage;
import dev.dmsb.buildkit.proto.control.InfoRequest;
import dev.dmsb.buildkit.proto.control.InfoResponse;
import dev.dmsb.buildkit.proto.control.ListWorkersRequest;
import dev.dmsb.buildkit.proto.control.ListWorkersResponse;
import dev.dmsb.buildkit.proto.control.SolveRequest;
import dev.dmsb.buildkit.proto.control.SolveResponse;
import dev.dmsb.buildkit.proto.control.StatusRequest;
import dev.dmsb.buildkit.proto.control.StatusResponse;
import io.grpc.MethodDescriptor;

/**
 * The methods of {@code moby.buildkit.v1.Control} dmsb calls, declared by hand over dmsb's own
 * messages (no generated stubs).
 */
final class ControlCalls {
  private static final String SERVICE = "moby.buildkit.v1.Control/";

  static final MethodDescriptor<SolveRequest, SolveResponse> SOLVE =
      method(
          "Solve",
          MethodDescriptor.MethodType.UNARY,
          SolveRequest.getDefaultInstance(),
          SolveResponse.getDefaultInstance());

  static final MethodDescriptor<StatusRequest, StatusResponse> STATUS =
      method(
          "Status",
          MethodDescriptor.MethodType.SERVER_STREAMING,
          StatusRequest.getDefaultInstance(),
          StatusResponse.getDefaultInstance());

  static final MethodDescriptor<BytesMessage, BytesMessage> SESSION =
      method(
          "Session",
          MethodDescriptor.MethodType.BIDI_STREAMING,
          BytesMessage.getDefaultInstance(),
          BytesMessage.getDefaultInstance());

  static final MethodDescriptor<ListWorkersRequest, ListWorkersResponse> LIST_WORKERS =
      method(
          "ListWorkers",
          MethodDescriptor.MethodType.UNARY,
          ListWorkersRequest.getDefaultInstance(),
          ListWorkersResponse.getDefaultInstance());

  static final MethodDescriptor<InfoRequest, InfoResponse> INFO =
      method(
          "Info",
          MethodDescriptor.MethodType.UNARY,
          InfoRequest.getDefaultInstance(),
          InfoResponse.getDefaultInstance());

  private ControlCalls() {}

  @SuppressWarnings("unchecked")
  private static <T extends MessageLite> com.google.protobuf.Parser<T> parser(T defaultInstance) {
    return (com.google.protobuf.Parser<T>) defaultInstance.getParserForType();
  }

  private static <Q extends MessageLite, R extends MessageLite> MethodDescriptor<Q, R> method(
      String name, MethodDescriptor.MethodType type, Q request, R response) {
    return MethodDescriptor.<Q, R>newBuilder()
        .setType(type)
        .setFullMethodName(SERVICE + name)
        .setRequestMarshaller(LiteMarshaller.of(parser(request)))
        .setResponseMarshaller(LiteMarshaller.of(parser(response)))
        .build();
  }
}
