package org.otactive.probe.wmi.ntlm;

import static org.otactive.probe.wmi.ntlm.NegotiateFlags.*;

/**
 * The client side of one NTLMv2 handshake: {@link #negotiate} gives the NEGOTIATE message,
 * {@link #authenticate} answers the server's CHALLENGE and yields the signing/sealing session.
 *
 * <p>Pure: the random values (client challenge, session key) and the time are given by the caller,
 * which is how the tests reproduce MS-NLMP's examples. One instance serves one handshake; not
 * thread-safe.
 *
 * <p>The client insists on NTLMv2 with extended session security, 128-bit keys, key exchange and
 * signing; sealing when asked for. A CHALLENGE that drops any of them is refused, so a tampering
 * peer cannot talk it down.
 */
public final class NtlmClient {
  /** What this client always asks for; SEAL is added for privacy. */
  public static final int BASE_FLAGS = UNICODE | REQUEST_TARGET | SIGN | ALWAYS_SIGN | NTLM
      | EXTENDED_SESSION_SECURITY | TARGET_INFO | VERSION | NEGOTIATE_128 | KEY_EXCH | NEGOTIATE_56;
  private static final int REQUIRED = UNICODE | SIGN | EXTENDED_SESSION_SECURITY | NEGOTIATE_128 | KEY_EXCH;

  private final Credentials credentials;
  private final byte[] responseKeyNt;
  private final boolean seal;
  private final String workstation;
  private final byte[] clientChallenge;
  private final byte[] exportedSessionKey;
  private byte[] negotiateMessage;

  /** The result of answering a CHALLENGE: the AUTHENTICATE message and the established session. */
  public record Authenticated(byte[] message, int flags, NtlmSession session) {}

  /**
   * @param seal whether to ask for sealing (DCE/RPC privacy) besides signing
   * @param clientChallenge 8 random bytes
   * @param exportedSessionKey 16 random bytes, the key that protects the session
   */
  public NtlmClient(Credentials credentials, boolean seal, String workstation, byte[] clientChallenge,
      byte[] exportedSessionKey) {
    if (clientChallenge.length != 8) throw new IllegalArgumentException("client challenge must be 8 bytes");
    if (exportedSessionKey.length != 16) throw new IllegalArgumentException("session key must be 16 bytes");
    this.credentials = credentials;
    this.responseKeyNt = NtlmCrypto.ntowfv2(NtlmCrypto.ntHash(credentials.password()), credentials.user(),
        credentials.domain());
    this.seal = seal;
    this.workstation = workstation;
    this.clientChallenge = clientChallenge.clone();
    this.exportedSessionKey = exportedSessionKey.clone();
  }

  public int requestedFlags() {
    return BASE_FLAGS | (seal ? SEAL : 0);
  }

  /** The NEGOTIATE message (kept for the MIC). */
  public byte[] negotiate() {
    negotiateMessage = NtlmCodec.encode(new NtlmMessage.Negotiate(requestedFlags()));
    return negotiateMessage.clone();
  }

  /**
   * Answers the server's CHALLENGE.
   *
   * @param fileTime the time as a Windows FILETIME, used only when the server sent no timestamp
   * @throws NtlmFormatException if the CHALLENGE is malformed or refuses what this client requires
   */
  public Authenticated authenticate(byte[] challengeMessage, long fileTime) throws NtlmFormatException {
    if (negotiateMessage == null) throw new IllegalStateException("negotiate() first");
    NtlmMessage.Challenge challenge = NtlmCodec.decodeChallenge(challengeMessage);
    int required = REQUIRED | (seal ? SEAL : 0);
    if ((challenge.flags() & required) != required) {
      throw new NtlmFormatException("server refused NTLM options we require: "
          + describe(required & ~challenge.flags()));
    }
    int flags = challenge.flags() & requestedFlags();
    // MS-NLMP 3.1.5.1.2: echo the TargetInfo with the MIC flag set, and use the server's timestamp
    // when it sent one (then the LM response is zeros).
    TargetInfo echoed = challenge.targetInfo().withFlag(TargetInfo.FLAG_MIC_PRESENT);
    java.util.Optional<Long> serverTime = challenge.targetInfo().timestamp();
    Ntlmv2Response r = Ntlmv2Response.compute(responseKeyNt, challenge.serverChallenge(), clientChallenge,
        serverTime.orElse(fileTime), echoed.encode());
    byte[] lm = serverTime.isPresent() ? new byte[24] : r.lmChallengeResponse();
    byte[] encryptedKey = NtlmCrypto.rc4(r.sessionBaseKey(), exportedSessionKey);
    NtlmMessage.Authenticate unsigned = new NtlmMessage.Authenticate(lm, r.ntChallengeResponse(),
        credentials.domain(), credentials.user(), workstation, encryptedKey, flags, NtlmMessage.CLIENT_VERSION,
        new byte[16]);
    byte[] mic = NtlmCrypto.hmacMd5(exportedSessionKey, negotiateMessage, challengeMessage, NtlmCodec.encode(unsigned));
    byte[] message = NtlmCodec.encode(unsigned.withMic(mic));
    return new Authenticated(message, flags, NtlmSession.client(flags, exportedSessionKey));
  }

  /** A Windows FILETIME: 100-nanosecond ticks since 1601-01-01 UTC. */
  public static long fileTime(java.time.Instant t) {
    long seconds = t.getEpochSecond() + 11_644_473_600L;
    return seconds * 10_000_000L + t.getNano() / 100;
  }
}
