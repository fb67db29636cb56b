package dev.dmsb.sshagent;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * An SSH agent inside the JVM that serves keys read from files, speaking the agent protocol
 * (draft-miller-ssh-agent) to whoever holds a {@link Connection}: it lists its identities and signs
 * with them; as a forwarded agent should, it refuses to add, remove or lock keys and answers every
 * other request with SSH_AGENT_FAILURE.
 */
public final class InProcessAgent {
  static final int FAILURE = 5;
  static final int REQUEST_IDENTITIES = 11;
  static final int IDENTITIES_ANSWER = 12;
  static final int SIGN_REQUEST = 13;
  static final int SIGN_RESPONSE = 14;

  /** OpenSSH's own limit on one agent message. */
  private static final int MAX_MESSAGE = 256 * 1024;

  private final List<AgentKey> keys;

  /** An agent that holds {@code keys}. */
  public InProcessAgent(List<AgentKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /** A new client connection: its own framing state, answers in request order. */
  public Connection connect() {
    return new Connection();
  }

  /** One client's byte stream to the agent. Not thread-safe: feed it from one thread. */
  public final class Connection {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean broken;

    private Connection() {}

    /**
     * Takes the next bytes the client sent and returns the framed answers to every request they
     * complete (possibly none).
     */
    public List<byte[]> receive(byte[] data) {
      List<byte[]> answers = new ArrayList<>();
      if (broken) {
        return answers;
      }
      pending.writeBytes(data);
      byte[] all = pending.toByteArray();
      int at = 0;
      while (all.length - at >= 4) {
        int len =
            (all[at] & 0xff) << 24
                | (all[at + 1] & 0xff) << 16
                | (all[at + 2] & 0xff) << 8
                | (all[at + 3] & 0xff);
        if (len <= 0 || len > MAX_MESSAGE) {
          broken = true;
          pending.reset();
          return answers;
        }
        if (all.length - at - 4 < len) {
          break;
        }
        byte[] answer = answer(new SshWire.Reader(all, at + 4, at + 4 + len));
        answers.add(new SshWire.Writer().string(answer).toBytes());
        at += 4 + len;
      }
      pending.reset();
      pending.write(all, at, all.length - at);
      return answers;
    }

    /** True once the client sent a frame no agent accepts; the connection should be closed. */
    public boolean broken() {
      return broken;
    }
  }

  private byte[] answer(SshWire.Reader request) {
    try {
      int type = request.u8();
      if (type == REQUEST_IDENTITIES) {
        SshWire.Writer w = new SshWire.Writer().u8(IDENTITIES_ANSWER).u32(keys.size());
        for (AgentKey k : keys) {
          w.string(k.publicBlob()).string(k.comment());
        }
        return w.toBytes();
      }
      if (type == SIGN_REQUEST) {
        byte[] blob = request.string();
        byte[] data = request.string();
        int flags = request.remaining() >= 4 ? request.u32() : 0;
        for (AgentKey k : keys) {
          if (k.matches(blob)) {
            return new SshWire.Writer().u8(SIGN_RESPONSE).string(k.sign(data, flags)).toBytes();
          }
        }
      }
      // add, remove, remove all, lock, unlock, smartcard keys, extensions, protocol 1: refused
      return new byte[] {FAILURE};
    } catch (SshWire.Malformed | GeneralSecurityException e) {
      return new byte[] {FAILURE};
    }
  }
}
