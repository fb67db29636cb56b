package dev.dmsb.buildkit;

import com.google.protobuf.ByteString;
import dev.dmsb.buildkit.proto.session.BytesMessage;
import dev.dmsb.buildkit.proto.ssh.CheckAgentRequest;
import dev.dmsb.buildkit.proto.ssh.CheckAgentResponse;
import dev.dmsb.engine.SshSource;
import dev.dmsb.sshagent.InProcessAgent;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * {@code moby.sshforward.v1.SSH}: {@code CheckAgent} says whether an ID is offered, {@code
 * ForwardAgent} joins one call to a new connection to that agent's socket (the raw ssh-agent
 * protocol both ways; the ID comes in the {@code buildkit.ssh.id} header, none meaning {@code
 * default}). A socket's keys never pass through dmsb: that agent signs; key files given instead are
 * served by an {@link InProcessAgent}.
 */
final class SshForwarding {
  static final MethodDescriptor<CheckAgentRequest, CheckAgentResponse> CHECK_AGENT =
      MethodDescriptor.<CheckAgentRequest, CheckAgentResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("moby.sshforward.v1.SSH/CheckAgent")
          .setRequestMarshaller(LiteMarshaller.of(CheckAgentRequest.parser()))
          .setResponseMarshaller(LiteMarshaller.of(CheckAgentResponse.parser()))
          .build();

  static final MethodDescriptor<BytesMessage, BytesMessage> FORWARD_AGENT =
      MethodDescriptor.<BytesMessage, BytesMessage>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName("moby.sshforward.v1.SSH/ForwardAgent")
          .setRequestMarshaller(LiteMarshaller.of(BytesMessage.parser()))
          .setResponseMarshaller(LiteMarshaller.of(BytesMessage.parser()))
          .build();

  private static final Metadata.Key<String> SSH_ID =
      Metadata.Key.of("buildkit.ssh.id", Metadata.ASCII_STRING_MARSHALLER);

  private final List<SshSource> agents;

  SshForwarding(List<SshSource> agents) {
    this.agents = agents;
  }

  ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder("moby.sshforward.v1.SSH")
        .addMethod(CHECK_AGENT, ServerCalls.asyncUnaryCall(this::check))
        .addMethod(FORWARD_AGENT, ServerCalls.asyncBidiStreamingCall(this::forward))
        .build();
  }

  private SshSource find(String id) {
    String wanted = id == null || id.isEmpty() ? "default" : id;
    for (SshSource a : agents) {
      if (a.id().equals(wanted)) {
        return a;
      }
    }
    return null;
  }

  private void check(CheckAgentRequest request, StreamObserver<CheckAgentResponse> out) {
    if (find(request.getID()) == null) {
      out.onError(
          Status.NOT_FOUND
              .withDescription("unset ssh forward key " + request.getID())
              .asRuntimeException());
      return;
    }
    out.onNext(CheckAgentResponse.getDefaultInstance());
    out.onCompleted();
  }

  StreamObserver<BytesMessage> forward(StreamObserver<BytesMessage> out) {
    Metadata headers = SessionServices.HEADERS.get();
    String id = headers == null ? null : headers.get(SSH_ID);
    SshSource agent = find(id);
    if (agent != null && !agent.keys().isEmpty()) {
      return served(new InProcessAgent(agent.keys()).connect(), out);
    }
    if (agent == null || agent.sockets().isEmpty()) {
      out.onError(
          Status.NOT_FOUND.withDescription("unset ssh forward key " + id).asRuntimeException());
      return new Drop();
    }
    SocketChannel socket;
    try {
      socket = SocketChannel.open(UnixDomainSocketAddress.of(agent.sockets().get(0)));
    } catch (IOException e) {
      out.onError(
          Status.UNAVAILABLE
              .withDescription("cannot reach the ssh agent at " + agent.sockets().get(0))
              .asRuntimeException());
      return new Drop();
    }
    java.util.concurrent.atomic.AtomicBoolean done =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runnable finish =
        () -> {
          if (done.compareAndSet(false, true)) {
            synchronized (out) {
              out.onCompleted();
            }
          }
        };
    Thread reader =
        new Thread(
            () -> {
              ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
              try {
                while (socket.read(buffer) >= 0) {
                  buffer.flip();
                  synchronized (out) {
                    out.onNext(
                        BytesMessage.newBuilder().setData(ByteString.copyFrom(buffer)).build());
                  }
                  buffer.clear();
                }
              } catch (IOException | RuntimeException e) {
                // the call or the agent ended
              }
              finish.run();
            },
            "dmsb-session-ssh");
    reader.setDaemon(true);
    reader.start();
    return new StreamObserver<>() {
      @Override
      public void onNext(BytesMessage m) {
        ByteBuffer b = m.getData().asReadOnlyByteBuffer();
        try {
          while (b.hasRemaining()) {
            socket.write(b);
          }
        } catch (IOException e) {
          close();
        }
      }

      @Override
      public void onError(Throwable t) {
        close();
      }

      @Override
      public void onCompleted() {
        close();
      }

      private void close() {
        try {
          socket.close();
        } catch (IOException e) {
          // closed either way
        }
        finish.run();
      }
    };
  }

  /**
   * The call joined to an agent inside dmsb that holds the keys read from files; its answers go
   * back on the call's own thread, in order.
   */
  private static StreamObserver<BytesMessage> served(
      InProcessAgent.Connection agent, StreamObserver<BytesMessage> out) {
    return new StreamObserver<>() {
      private boolean done;

      @Override
      public synchronized void onNext(BytesMessage m) {
        if (done) {
          return;
        }
        for (byte[] answer : agent.receive(m.getData().toByteArray())) {
          out.onNext(BytesMessage.newBuilder().setData(ByteString.copyFrom(answer)).build());
        }
        if (agent.broken()) {
          onCompleted();
        }
      }

      @Override
      public synchronized void onError(Throwable t) {
        onCompleted();
      }

      @Override
      public synchronized void onCompleted() {
        if (!done) {
          done = true;
          out.onCompleted();
        }
      }
    };
  }

  /** Inbound messages of a call that already failed. */
  private static final class Drop implements StreamObserver<BytesMessage> {
    @Override
    public void onNext(BytesMessage value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
