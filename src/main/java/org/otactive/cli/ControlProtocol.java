package org.otactive.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes on the control socket: a command (who, from which folder, its words, the environment
 * variables its secret options name) and its answer (exit code, output, errors). Length-prefixed
 * UTF-8 strings; both ends are the same build. Plain streams rather than a JSON library: the
 * client is a command that should start, hand over and end in a few tens of milliseconds.
 */
final class ControlProtocol {
  /** Bounds what a peer on the socket can make us allocate (the socket is owner-only anyway). */
  private static final int MAX_STRING = 64 << 20;
  private static final int MAX_ITEMS = 100_000;

  /** Sent by the holder while a command waits or runs: the caller hears it is alive. */
  static final byte KEEPALIVE = ' ';
  /** Sent by the holder right before the answer. */
  static final byte ANSWER = 0x01;
  /** How long a caller waits without hearing from the holder before it gives up. */
  static final java.time.Duration SILENCE = java.time.Duration.ofSeconds(10);

  private ControlProtocol() {}

  /**
   * @param actor the caller's default user ({@code $OTACTIVE_USER}, else the login name)
   * @param as the user named by {@code --as}, or null
   */
  record Request(String actor, String as, String cwd, List<String> args, Map<String, String> env) {}

  record Reply(int code, String out, String err) {}

  static void write(OutputStream stream, Request r) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    text(out, r.actor());
    out.writeBoolean(r.as() != null);
    if (r.as() != null) text(out, r.as());
    text(out, r.cwd());
    out.writeInt(r.args().size());
    for (String a : r.args()) text(out, a);
    out.writeInt(r.env().size());
    for (Map.Entry<String, String> e : r.env().entrySet()) {
      text(out, e.getKey());
      text(out, e.getValue());
    }
    out.flush();
  }

  static Request readRequest(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    String actor = text(in);
    String as = in.readBoolean() ? text(in) : null;
    String cwd = text(in);
    int n = count(in);
    List<String> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) args.add(text(in));
    int m = count(in);
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) env.put(text(in), text(in));
    return new Request(actor, as, cwd, args, env);
  }

  static void write(OutputStream stream, Reply r) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    out.writeInt(r.code());
    text(out, r.out());
    text(out, r.err());
    out.flush();
  }

  /** The answer on the socket: its marker, then the reply (keepalives may have gone before). */
  static void writeAnswer(OutputStream stream, Reply r) throws IOException {
    stream.write(ANSWER);
    write(stream, r);
  }

  /**
   * The answer in what the holder sent: keepalives skipped, then the marker and the reply; empty
   * when the holder sent only keepalives (or nothing) before it closed.
   */
  static java.util.Optional<Reply> readAnswer(byte[] heard) throws IOException {
    int i = 0;
    while (i < heard.length && heard[i] == KEEPALIVE) i++;
    if (i == heard.length) return java.util.Optional.empty();
    if (heard[i] != ANSWER) throw new IOException("not an answer on the control socket (byte " + (heard[i] & 0xff) + ")");
    return java.util.Optional.of(readReply(new java.io.ByteArrayInputStream(heard, i + 1, heard.length - i - 1)));
  }

  static Reply readReply(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    return new Reply(in.readInt(), text(in), text(in));
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_ITEMS) throw new IOException("bad item count on the control socket: " + n);
    return n;
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String text(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_STRING) throw new IOException("bad string length on the control socket: " + n);
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }
}
