package org.otactive.probe.wmi.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes to {@link NtlmMessage} and back (MS-NLMP 2.2.1). Pure: no I/O, no clock.
 *
 * <p>Each message is a fixed header of (length, max length, offset) fields pointing into a payload
 * that follows it. The decoder checks every field against the message's bounds and throws only
 * {@link NtlmFormatException}, whatever the bytes.
 */
public final class NtlmCodec {
  private NtlmCodec() {}

  static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
  private static final int NEGOTIATE_HEADER = 40;
  private static final int CHALLENGE_HEADER = 56;
  /** AUTHENTICATE's header with Version and MIC. */
  static final int AUTHENTICATE_HEADER = 88;
  /** Where the MIC sits in an AUTHENTICATE message. */
  public static final int MIC_OFFSET = 72;

  public static byte[] encode(NtlmMessage message) {
    return switch (message) {
      case NtlmMessage.Negotiate n -> encodeNegotiate(n);
      case NtlmMessage.Challenge c -> encodeChallenge(c);
      case NtlmMessage.Authenticate a -> encodeAuthenticate(a);
    };
  }

  private static byte[] encodeNegotiate(NtlmMessage.Negotiate n) {
    Writer w = new Writer(1, NEGOTIATE_HEADER);
    w.int32(n.flags());
    w.field(new byte[0]);
    w.field(new byte[0]);
    w.raw(NtlmMessage.CLIENT_VERSION);
    return w.finish();
  }

  private static byte[] encodeChallenge(NtlmMessage.Challenge c) {
    Charset cs = charset(c.flags());
    Writer w = new Writer(2, CHALLENGE_HEADER);
    w.field(c.targetName().getBytes(cs));
    w.int32(c.flags());
    w.raw(c.serverChallenge());
    w.raw(new byte[8]);
    w.field(c.targetInfo().encode());
    w.raw(Arrays.copyOf(c.version(), 8));
    return w.finish();
  }

  private static byte[] encodeAuthenticate(NtlmMessage.Authenticate a) {
    Charset cs = charset(a.flags());
    Writer w = new Writer(3, AUTHENTICATE_HEADER);
    w.field(a.lmChallengeResponse());
    w.field(a.ntChallengeResponse());
    w.field(a.domain().getBytes(cs));
    w.field(a.user().getBytes(cs));
    w.field(a.workstation().getBytes(cs));
    w.field(a.encryptedRandomSessionKey());
    w.int32(a.flags());
    w.raw(Arrays.copyOf(a.version(), 8));
    w.raw(a.mic());
    return w.finish();
  }

  /** Reads any of the three messages. */
  public static NtlmMessage decode(byte[] bytes) throws NtlmFormatException {
    if (bytes.length < 12 || !Arrays.equals(bytes, 0, 8, SIGNATURE, 0, 8)) {
      throw new NtlmFormatException("not an NTLMSSP message (signature missing)");
    }
    int type = Bytes.le32(bytes, 8);
    return switch (type) {
      case 1 -> parseNegotiate(bytes);
      case 2 -> parseChallenge(bytes);
      case 3 -> parseAuthenticate(bytes);
      default -> throw new NtlmFormatException("unknown NTLM message type " + Integer.toUnsignedString(type));
    };
  }

  /** Reads a CHALLENGE message; anything else is an error. */
  public static NtlmMessage.Challenge decodeChallenge(byte[] bytes) throws NtlmFormatException {
    NtlmMessage m = decode(bytes);
    if (m instanceof NtlmMessage.Challenge c) return c;
    throw new NtlmFormatException("expected a CHALLENGE message, got " + m.getClass().getSimpleName().toUpperCase());
  }

  private static NtlmMessage.Negotiate parseNegotiate(byte[] b) throws NtlmFormatException {
    need(b, 16, "NEGOTIATE");
    return new NtlmMessage.Negotiate(Bytes.le32(b, 12));
  }

  private static NtlmMessage.Challenge parseChallenge(byte[] b) throws NtlmFormatException {
    need(b, 48, "CHALLENGE");
    int flags = Bytes.le32(b, 20);
    byte[] targetName = field(b, 12, "TargetName");
    byte[] serverChallenge = Arrays.copyOfRange(b, 24, 32);
    byte[] info = field(b, 40, "TargetInfo");
    TargetInfo targetInfo = info.length == 0 ? TargetInfo.empty() : TargetInfo.decode(info);
    byte[] version = b.length >= CHALLENGE_HEADER && NegotiateFlags.has(flags, NegotiateFlags.VERSION)
        ? Arrays.copyOfRange(b, 48, 56) : new byte[8];
    return new NtlmMessage.Challenge(flags, serverChallenge, text(targetName, flags, "TargetName"), targetInfo, version);
  }

  private static NtlmMessage.Authenticate parseAuthenticate(byte[] b) throws NtlmFormatException {
    need(b, 64, "AUTHENTICATE");
    int flags = Bytes.le32(b, 60);
    byte[] lm = field(b, 12, "LmChallengeResponse");
    byte[] nt = field(b, 20, "NtChallengeResponse");
    byte[] domain = field(b, 28, "DomainName");
    byte[] user = field(b, 36, "UserName");
    byte[] workstation = field(b, 44, "Workstation");
    byte[] key = field(b, 52, "EncryptedRandomSessionKey");
    // Version and MIC are there only when the payload starts after them.
    int payloadStart = b.length;
    for (int at = 12; at <= 52; at += 8) {
      if (Bytes.le16(b, at) > 0) payloadStart = Math.min(payloadStart, Bytes.le32(b, at + 4));
    }
    byte[] version = payloadStart >= 72 && b.length >= 72 ? Arrays.copyOfRange(b, 64, 72) : new byte[8];
    byte[] mic = payloadStart >= AUTHENTICATE_HEADER && b.length >= AUTHENTICATE_HEADER
        ? Arrays.copyOfRange(b, MIC_OFFSET, AUTHENTICATE_HEADER) : new byte[16];
    return new NtlmMessage.Authenticate(lm, nt, text(domain, flags, "DomainName"), text(user, flags, "UserName"),
        text(workstation, flags, "Workstation"), key, flags, version, mic);
  }

  private static void need(byte[] b, int n, String what) throws NtlmFormatException {
    if (b.length < n) throw new NtlmFormatException(what + " message too short: " + b.length + " bytes");
  }

  /** A (length, max length, offset) field's bytes, checked against the message's bounds. */
  private static byte[] field(byte[] b, int at, String name) throws NtlmFormatException {
    int len = Bytes.le16(b, at);
    long offset = Bytes.le32(b, at + 4) & 0xFFFF_FFFFL;
    if (len == 0) return new byte[0];
    if (offset + len > b.length) {
      throw new NtlmFormatException(name + " field (offset " + offset + ", length " + len
          + ") runs past the message's " + b.length + " bytes");
    }
    return Arrays.copyOfRange(b, (int) offset, (int) offset + len);
  }

  private static String text(byte[] bytes, int flags, String name) throws NtlmFormatException {
    if (NegotiateFlags.has(flags, NegotiateFlags.UNICODE) && bytes.length % 2 != 0) {
      throw new NtlmFormatException(name + " has an odd number of bytes for UTF-16");
    }
    return new String(bytes, charset(flags));
  }

  private static Charset charset(int flags) {
    return NegotiateFlags.has(flags, NegotiateFlags.UNICODE) ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1;
  }

  /** Lays out a header of fixed fields, with variable fields' bytes appended to the payload. */
  private static final class Writer {
    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    private final int headerSize;

    Writer(int type, int headerSize) {
      this.headerSize = headerSize;
      header.writeBytes(SIGNATURE);
      header.writeBytes(Bytes.le32(type));
    }

    void int32(int v) {
      header.writeBytes(Bytes.le32(v));
    }

    void raw(byte[] b) {
      header.writeBytes(b);
    }

    void field(byte[] value) {
      if (value.length > 0xFFFF) throw new IllegalArgumentException("NTLM field longer than 65535 bytes");
      header.writeBytes(Bytes.le16(value.length));
      header.writeBytes(Bytes.le16(value.length));
      header.writeBytes(Bytes.le32(headerSize + payload.size()));
      payload.writeBytes(value);
    }

    byte[] finish() {
      if (header.size() != headerSize) throw new IllegalStateException("header is " + header.size() + " bytes");
      header.writeBytes(payload.toByteArray());
      return header.toByteArray();
    }
  }
}
