package dev.dmsb.buildkit.content;

import dev.dmsb.buildkit.proto.content.WriteAction;
import dev.dmsb.buildkit.proto.content.WriteContentRequest;
import dev.dmsb.buildkit.proto.content.WriteContentResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Instant;

/**
 * One {@code Content/Write} call, as containerd's server answers it: the first message names the
 * ref (and may announce the size and digest) and opens or resumes the {@link Ingest}; each message
 * is answered with the offset reached and the digest so far; {@code WRITE} appends at the current
 * offset (or starts over at 0); {@code COMMIT} checks size and digest, moves the blob into place
 * and ends the call. A call that ends without a commit leaves the ingest to be resumed.
 */
final class BlobWrite implements StreamObserver<WriteContentRequest> {
  private final LayoutStore store;
  private final StreamObserver<WriteContentResponse> out;
  private final Instant started = Instant.now();
  private Ingest ingest;
  private String expected = "";
  private boolean over;

  BlobWrite(LayoutStore store, StreamObserver<WriteContentResponse> out) {
    this.store = store;
    this.out = out;
    this.over = store == null;
  }

  @Override
  public synchronized void onNext(WriteContentRequest request) {
    if (over) {
      return;
    }
    try {
      if (ingest == null) {
        if (request.getRef().isEmpty()) {
          throw io.grpc.Status.INVALID_ARGUMENT
              .withDescription("first message must have a reference")
              .asRuntimeException();
        }
        expected = request.getExpected();
        ingest = store.write(request.getRef(), request.getTotal(), expected);
      }
      if (!request.getExpected().isEmpty()) {
        expected = request.getExpected();
        if (store.info(expected).isPresent()) {
          ingest.close();
          store.abort(ingest.ref());
          throw new LayoutStore.BlobExistsException(expected);
        }
      }
      ingest.total(request.getTotal());
      WriteContentResponse.Builder answer =
          WriteContentResponse.newBuilder().setAction(request.getAction());
      if (request.getAction() == WriteAction.STAT) {
        answer
            .setStartedAt(ContentService.timestamp(started))
            .setUpdatedAt(ContentService.timestamp(Instant.now()))
            .setTotal(ingest.total());
      } else {
        long at = request.getOffset();
        if (at > 0 && at != ingest.offset()) {
          throw io.grpc.Status.OUT_OF_RANGE
              .withDescription("write @" + at + " must occur at current offset " + ingest.offset())
              .asRuntimeException();
        }
        if (!request.getData().isEmpty() || at != ingest.offset()) {
          ingest.write(at, request.getData().asReadOnlyByteBuffer());
        }
        if (request.getAction() == WriteAction.COMMIT) {
          String digest = ingest.commit(request.getTotal(), expected);
          answer.setOffset(ingest.offset()).setDigest(digest);
          out.onNext(answer.build());
          over = true;
          out.onCompleted();
          return;
        }
      }
      out.onNext(answer.setOffset(ingest.offset()).setDigest(ingest.digest()).build());
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void fail(Throwable e) {
    over = true;
    closeIngest();
    out.onError(ContentService.status(e));
  }

  private void closeIngest() {
    if (ingest != null) {
      try {
        ingest.close();
      } catch (IOException e) {
        // what was written stays for a resume, or goes with an abort
      }
    }
  }

  @Override
  public synchronized void onError(Throwable t) {
    over = true;
    closeIngest();
  }

  @Override
  public synchronized void onCompleted() {
    closeIngest();
    if (!over) {
      over = true;
      out.onCompleted();
    }
  }
}
