package org.otactive.probe.wmi.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Signing and sealing after an NTLM handshake with extended session security (MS-NLMP 3.4):
 * per-direction signing and sealing keys, an RC4 handle and a sequence number for each direction.
 *
 * <p>Not thread-safe: messages must be protected and checked in the order they go on the wire,
 * since the RC4 streams and sequence numbers advance with each one.
 *
 * <p>For DCE/RPC the signed bytes are the whole PDU up to the signature, while only the stub is
 * encrypted; so {@link #seal} takes the signed bytes and the region of them to encrypt.
 */
public final class NtlmSession {
  /** The 16-byte NTLMSSP_MESSAGE_SIGNATURE. */
  public static final int SIGNATURE_LENGTH = 16;

  private final boolean keyExchange;
  private final Direction out;
  private final Direction in;

  private static final class Direction {
    final byte[] signKey;
    final NtlmCrypto.Rc4 sealHandle;
    int seq;

    Direction(byte[] signKey, byte[] sealKey) {
      this.signKey = signKey;
      this.sealHandle = new NtlmCrypto.Rc4(sealKey);
    }
  }

  private NtlmSession(int flags, byte[] exportedSessionKey, boolean client) {
    if (!NegotiateFlags.has(flags, NegotiateFlags.EXTENDED_SESSION_SECURITY)) {
      throw new IllegalArgumentException("only extended session security is supported");
    }
    this.keyExchange = NegotiateFlags.has(flags, NegotiateFlags.KEY_EXCH);
    Direction c2s = new Direction(
        signKey(exportedSessionKey, "client-to-server"), sealKey(flags, exportedSessionKey, "client-to-server"));
    Direction s2c = new Direction(
        signKey(exportedSessionKey, "server-to-client"), sealKey(flags, exportedSessionKey, "server-to-client"));
    this.out = client ? c2s : s2c;
    this.in = client ? s2c : c2s;
  }

  /** The client's side, with the negotiated flags and the exported session key. */
  public static NtlmSession client(int flags, byte[] exportedSessionKey) {
    return new NtlmSession(flags, exportedSessionKey, true);
  }

  /** The server's side; tests use it to play a server. */
  public static NtlmSession server(int flags, byte[] exportedSessionKey) {
    return new NtlmSession(flags, exportedSessionKey, false);
  }

  static byte[] signKey(byte[] key, String direction) {
    return NtlmCrypto.md5(key, magic("session key to " + direction + " signing key magic constant"));
  }

  static byte[] sealKey(int flags, byte[] key, String direction) {
    int length = NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_128) ? 16
        : NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_56) ? 7 : 5;
    return NtlmCrypto.md5(Arrays.copyOf(key, length), magic("session key to " + direction + " sealing key magic constant"));
  }

  /** The magic constants are hashed with their terminating NUL. */
  private static byte[] magic(String text) {
    return (text + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  /** The result of sealing: the encrypted region and the signature over the plain bytes. */
  public record Sealed(byte[] encrypted, byte[] signature) {}

  /** Signs {@code signed} for sending (integrity only). */
  public byte[] sign(byte[] signed) {
    return signature(out, signed);
  }

  /** Encrypts {@code signed[from, from+length)} and signs all of {@code signed} (privacy). */
  public Sealed seal(byte[] signed, int from, int length) {
    byte[] encrypted = out.sealHandle.apply(Arrays.copyOfRange(signed, from, from + length));
    return new Sealed(encrypted, signature(out, signed));
  }

  /** Checks a received signature over {@code signed}. */
  public void verify(byte[] signed, byte[] signature) throws NtlmSignatureException {
    check(signed, signature);
  }

  /**
   * Decrypts {@code received[from, from+length)}, then checks the signature over the received bytes
   * with that region decrypted, and returns the decrypted region.
   */
  public byte[] unseal(byte[] received, int from, int length, byte[] signature) throws NtlmSignatureException {
    byte[] plain = in.sealHandle.apply(Arrays.copyOfRange(received, from, from + length));
    byte[] signed = received.clone();
    System.arraycopy(plain, 0, signed, from, length);
    check(signed, signature);
    return plain;
  }

  private byte[] signature(Direction d, byte[] message) {
    byte[] seq = Bytes.le32(d.seq++);
    byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(d.signKey, seq, message), 8);
    if (keyExchange) checksum = d.sealHandle.apply(checksum);
    return Bytes.concat(Bytes.le32(1), checksum, seq);
  }

  private void check(byte[] signed, byte[] signature) throws NtlmSignatureException {
    int expectedSeq = in.seq;
    byte[] expected = signature(in, signed);
    if (signature.length != SIGNATURE_LENGTH) {
      throw new NtlmSignatureException("signature is " + signature.length + " bytes, not 16");
    }
    int seq = Bytes.le32(signature, 12);
    if (seq != expectedSeq) {
      throw new NtlmSignatureException("signature has sequence number " + Integer.toUnsignedString(seq)
          + ", expected " + Integer.toUnsignedString(expectedSeq) + " (message replayed, lost or reordered)");
    }
    if (!MessageDigest.isEqual(expected, signature)) {
      throw new NtlmSignatureException("signature does not match the message (altered in transit, or wrong session key)");
    }
  }
}
