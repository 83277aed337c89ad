package org.otactive.testing.fakewindows;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.otactive.probe.wmi.ntlm.AvPair;
import org.otactive.probe.wmi.ntlm.NegotiateFlags;
import org.otactive.probe.wmi.ntlm.NtlmClient;
import org.otactive.probe.wmi.ntlm.NtlmCodec;
import org.otactive.probe.wmi.ntlm.NtlmCrypto;
import org.otactive.probe.wmi.ntlm.NtlmFormatException;
import org.otactive.probe.wmi.ntlm.NtlmMessage;
import org.otactive.probe.wmi.ntlm.NtlmSession;
import org.otactive.probe.wmi.ntlm.TargetInfo;

/**
 * The server side of one NTLMv2 handshake (MS-NLMP 3.2.5), as a Windows host that knows one local
 * account: a CHALLENGE for the client's NEGOTIATE, then the check of its AUTHENTICATE (NTProofStr,
 * and the MIC when the client says it sent one) and the session keys.
 */
final class NtlmServer {
  /** Windows Server 2016 (10.0 build 14393), NTLM revision 15. */
  static final byte[] VERSION = {10, 0, 0x39, 0x38, 0, 0, 0, 15};
  private static final int SUPPORTED = NegotiateFlags.UNICODE | NegotiateFlags.REQUEST_TARGET | NegotiateFlags.SIGN
      | NegotiateFlags.SEAL | NegotiateFlags.ALWAYS_SIGN | NegotiateFlags.NTLM | NegotiateFlags.EXTENDED_SESSION_SECURITY
      | NegotiateFlags.TARGET_INFO | NegotiateFlags.VERSION | NegotiateFlags.NEGOTIATE_128 | NegotiateFlags.KEY_EXCH
      | NegotiateFlags.NEGOTIATE_56;

  private final String user;
  private final String password;
  private final String computerName;
  private final byte[] serverChallenge = new byte[8];
  private byte[] negotiate;
  private byte[] challenge;

  /** Who logged on, and the session that protects their messages. */
  record Result(String user, String domain, NtlmSession session) {}

  NtlmServer(String user, String password, String computerName) {
    this.user = user;
    this.password = password;
    this.computerName = computerName;
    new SecureRandom().nextBytes(serverChallenge);
  }

  /** The CHALLENGE answering {@code negotiateMessage}. */
  byte[] challenge(byte[] negotiateMessage, Instant now) throws NtlmFormatException {
    NtlmMessage m = NtlmCodec.decode(negotiateMessage);
    if (!(m instanceof NtlmMessage.Negotiate n)) throw new NtlmFormatException("expected NEGOTIATE");
    negotiate = negotiateMessage.clone();
    // Windows sets VERSION (and sends its version) whether or not the client asked
    int flags = (n.flags() & SUPPORTED) | NegotiateFlags.TARGET_TYPE_SERVER | NegotiateFlags.TARGET_INFO
        | NegotiateFlags.VERSION;
    byte[] time = new byte[8];
    long ft = NtlmClient.fileTime(now);
    for (int i = 0; i < 8; i++) time[i] = (byte) (ft >>> (8 * i));
    TargetInfo info = new TargetInfo(List.of(
        AvPair.text(AvPair.NB_DOMAIN_NAME, computerName), AvPair.text(AvPair.NB_COMPUTER_NAME, computerName),
        AvPair.text(AvPair.DNS_DOMAIN_NAME, computerName.toLowerCase(Locale.ROOT)),
        AvPair.text(AvPair.DNS_COMPUTER_NAME, computerName.toLowerCase(Locale.ROOT)),
        new AvPair(AvPair.TIMESTAMP, time)));
    challenge = NtlmCodec.encode(new NtlmMessage.Challenge(flags, serverChallenge, computerName, info, VERSION));
    return challenge.clone();
  }

  /**
   * Checks the AUTHENTICATE message.
   *
   * @return the logged-on account and its session, or null when the password (or the account) is wrong
   */
  Result authenticate(byte[] authenticateMessage) throws NtlmFormatException {
    NtlmMessage m = NtlmCodec.decode(authenticateMessage);
    if (!(m instanceof NtlmMessage.Authenticate a)) throw new NtlmFormatException("expected AUTHENTICATE");
    byte[] nt = a.ntChallengeResponse();
    if (!a.user().equalsIgnoreCase(user) || nt.length < 16 + 28) return null;
    byte[] key = NtlmCrypto.ntowfv2(NtlmCrypto.ntHash(password), a.user(), a.domain());
    byte[] proof = Arrays.copyOf(nt, 16);
    byte[] temp = Arrays.copyOfRange(nt, 16, nt.length);
    if (!MessageDigest.isEqual(proof, NtlmCrypto.hmacMd5(key, serverChallenge, temp))) return null;
    byte[] sessionBaseKey = NtlmCrypto.hmacMd5(key, proof);
    byte[] exported = NegotiateFlags.has(a.flags(), NegotiateFlags.KEY_EXCH)
        ? NtlmCrypto.rc4(sessionBaseKey, a.encryptedRandomSessionKey()) : sessionBaseKey;
    if (micPresent(temp)) {
      byte[] zeroed = authenticateMessage.clone();
      Arrays.fill(zeroed, NtlmCodec.MIC_OFFSET, NtlmCodec.MIC_OFFSET + 16, (byte) 0);
      byte[] mic = NtlmCrypto.hmacMd5(exported, negotiate, challenge, zeroed);
      if (!MessageDigest.isEqual(mic, a.mic())) return null;
    }
    return new Result(a.user(), a.domain(), NtlmSession.server(a.flags(), exported));
  }

  /** Whether the client's echoed AV pairs (in the NTLMv2 blob, after 28 bytes) set MsvAvFlags' MIC bit. */
  private static boolean micPresent(byte[] temp) {
    try {
      byte[] pairs = Arrays.copyOfRange(temp, 28, temp.length);
      TargetInfo echoed = TargetInfo.decode(pairs);
      return echoed.find(AvPair.FLAGS).map(p -> p.value().length == 4
          && (p.value()[0] & TargetInfo.FLAG_MIC_PRESENT) != 0).orElse(false);
    } catch (NtlmFormatException e) {
      return false;
    }
  }
}
