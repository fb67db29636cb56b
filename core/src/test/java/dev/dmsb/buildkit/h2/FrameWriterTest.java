package dev.dmsb.buildkit.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The order in which FrameWriter puts frames on the wire: PING answers and DATA. */
class FrameWriterTest {
  private static final byte[] PING = {1, 2, 3, 4, 5, 6, 7, 8};

  /** What the writer wrote, with a wait for a number of frames (the flusher writes it). */
  private static final class Wire extends ByteArrayOutputStream {
    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, len);
      notifyAll();
    }

    /** The frame types written so far, in order. */
    synchronized List<Integer> types() {
      List<Integer> types = new ArrayList<>();
      for (int at = 0; at + FrameWriter.HEADER_SIZE <= count; ) {
        int len = ((buf[at] & 0xff) << 16) | ((buf[at + 1] & 0xff) << 8) | (buf[at + 2] & 0xff);
        types.add(buf[at + 3] & 0xff);
        at += FrameWriter.HEADER_SIZE + len;
      }
      return types;
    }

    /** The types once {@code frames} frames are written, or what there is after 10 s. */
    synchronized List<Integer> await(int frames) throws InterruptedException {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      long left;
      while (types().size() < frames && (left = until - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return types();
    }
  }

  private static FrameWriter.StreamWindow stream(int id) {
    return new FrameWriter.StreamWindow(id, 1 << 20) {
      @Override
      boolean ended() {
        return false;
      }
    };
  }

  /** A writer that holds PING answers {@code holdMillis} and has just sent 100 bytes of DATA. */
  private static FrameWriter justSentData(Wire out, FrameWriter.StreamWindow s, long holdMillis)
      throws Exception {
    FrameWriter w = new FrameWriter(out, "test", TimeUnit.MILLISECONDS.toNanos(holdMillis));
    w.openConnection(1 << 20);
    assertThat(w.data(s, new byte[100], 0, 100)).isTrue();
    return w;
  }

  @Test
  void aPingIsAnsweredAtOnceWhenNoDataIsStreaming() throws Exception {
    Wire out = new Wire();
    FrameWriter w = new FrameWriter(out, "test", TimeUnit.SECONDS.toNanos(60));
    w.pingAck(PING, 8);
    assertThat(out.await(1)).containsExactly(Frames.PING);
    w.close();
  }

  /**
   * While DATA streams, a PING's answer goes after the DATA written meanwhile (within the hold), so
   * that a grpc-go peer sees what was in flight and widens its window.
   */
  @Test
  void whileDataStreamsThePingsAnswerGoesBehindWhatIsWrittenMeanwhile() throws Exception {
    Wire out = new Wire();
    FrameWriter.StreamWindow s = stream(1);
    FrameWriter w = justSentData(out, s, 300);
    w.pingAck(PING, 8);
    assertThat(w.data(s, new byte[100], 0, 100)).isTrue();
    assertThat(out.await(3)).containsExactly(Frames.DATA, Frames.DATA, Frames.PING);
    w.close();
  }

  /** A held answer does not wait past the hold when nothing more is written. */
  @Test
  void aHeldAnswerGoesWhenTheHoldEnds() throws Exception {
    Wire out = new Wire();
    FrameWriter w = justSentData(out, stream(1), 50);
    w.pingAck(PING, 8);
    assertThat(out.await(2)).containsExactly(Frames.DATA, Frames.PING);
    w.close();
  }

  /** A second PING while one answer is held sends the held one first: answers keep their order. */
  @Test
  void answersKeepTheOrderOfThePings() throws Exception {
    Wire out = new Wire();
    FrameWriter w = justSentData(out, stream(1), 100);
    w.pingAck(PING, 8);
    w.pingAck(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, 8);
    assertThat(out.await(3)).containsExactly(Frames.DATA, Frames.PING, Frames.PING);
    byte[] b = out.toByteArray();
    int firstPing = FrameWriter.HEADER_SIZE + 100 + FrameWriter.HEADER_SIZE;
    assertThat(b[firstPing]).isEqualTo((byte) 1);
    w.close();
  }
}
