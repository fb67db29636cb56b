package dev.dmsb.buildkit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A gRPC marshaller for dmsb's protobuf messages that needs no more than the lite interface. A
 * message is serialized once into an array whose length gRPC's framer reads and which it copies
 * into its buffer in one write; an incoming message of known length is read whole and parsed from
 * the array. A file sync sends one message per entry, so this path runs thousands of times in a
 * process that lives a second: it is kept short.
 */
final class LiteMarshaller<T extends MessageLite> implements MethodDescriptor.Marshaller<T> {
  private final Parser<T> parser;

  private LiteMarshaller(Parser<T> parser) {
    this.parser = parser;
  }

  static <T extends MessageLite> LiteMarshaller<T> of(Parser<T> parser) {
    return new LiteMarshaller<>(parser);
  }

  @Override
  public InputStream stream(T value) {
    return new Serialized(value.toByteArray());
  }

  @Override
  public T parse(InputStream stream) {
    try {
      if (stream instanceof KnownLength) {
        int size = stream.available();
        byte[] bytes = stream.readNBytes(size);
        if (bytes.length == size && stream.read() == -1) {
          return parser.parseFrom(bytes);
        }
        throw new InvalidProtocolBufferException("message shorter or longer than announced");
      }
      return parser.parseFrom(stream);
    } catch (IOException e) {
      throw Status.INTERNAL
          .withDescription("invalid protobuf message: " + e.getMessage())
          .withCause(e)
          .asRuntimeException();
    }
  }

  /** A serialized message: its length is known and it drains in one write. */
  private static final class Serialized extends ByteArrayInputStream
      implements KnownLength, Drainable {
    Serialized(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }
}
