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

  /** The frame types written so far, in order. */
  private static List<Integer> types(ByteArrayOutputStream out) {
    byte[] b;
    synchronized (out) {
      b = out.toByteArray();
    }
    List<Integer> types = new ArrayList<>();
    for (int at = 0; at + FrameWriter.HEADER_SIZE <= b.length; ) {
      int len = ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
      types.add(b[at + 3] & 0xff);
      at += FrameWriter.HEADER_SIZE + len;
    }
    return types;
  }

  private static List<Integer> await(ByteArrayOutputStream out, int frames) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (types(out).size() < frames && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    return types(out);
  }

  private static FrameWriter.StreamWindow stream(int id) {
    return new FrameWriter.StreamWindow(id, 1 << 20) {
      @Override
      boolean ended() {
        return false;
      }
    };
  }

  @Test
  void aPingIsAnsweredAtOnceWhenNoDataIsStreaming() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter w = new FrameWriter(out, "test", TimeUnit.SECONDS.toNanos(60));
    w.pingAck(PING, 8);
    assertThat(await(out, 1)).containsExactly(Frames.PING);
    w.close();
  }

  /**
   * While DATA streams, a PING's answer goes after the DATA written meanwhile (within the hold), so
   * that a grpc-go peer sees what was in flight and widens its window.
   */
  @Test
  void whileDataStreamsThePingsAnswerGoesBehindWhatIsWrittenMeanwhile() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter w = new FrameWriter(out, "test", TimeUnit.MILLISECONDS.toNanos(300));
    FrameWriter.StreamWindow s = stream(1);
    w.openConnection(1 << 20);
    assertThat(w.data(s, new byte[100], 0, 100)).isTrue();
    w.pingAck(PING, 8);
    assertThat(w.data(s, new byte[100], 0, 100)).isTrue();
    assertThat(await(out, 3)).containsExactly(Frames.DATA, Frames.DATA, Frames.PING);
    w.close();
  }

  /** A held answer does not wait past the hold when nothing more is written. */
  @Test
  void aHeldAnswerGoesWhenTheHoldEnds() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter w = new FrameWriter(out, "test", TimeUnit.MILLISECONDS.toNanos(50));
    w.openConnection(1 << 20);
    assertThat(w.data(stream(1), new byte[100], 0, 100)).isTrue();
    w.pingAck(PING, 8);
    assertThat(await(out, 2)).containsExactly(Frames.DATA, Frames.PING);
    w.close();
  }

  /** A second PING while one answer is held sends the held one first: answers keep their order. */
  @Test
  void answersKeepTheOrderOfThePings() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter w = new FrameWriter(out, "test", TimeUnit.MILLISECONDS.toNanos(100));
    w.openConnection(1 << 20);
    assertThat(w.data(stream(1), new byte[100], 0, 100)).isTrue();
    w.pingAck(PING, 8);
    w.pingAck(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, 8);
    assertThat(await(out, 3)).containsExactly(Frames.DATA, Frames.PING, Frames.PING);
    byte[] b = out.toByteArray();
    int firstPing = FrameWriter.HEADER_SIZE + 100 + FrameWriter.HEADER_SIZE;
    assertThat(b[firstPing]).isEqualTo((byte) 1);
    w.close();
  }
}
