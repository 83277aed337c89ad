package org.otactive.probe.wmi.ntlm;

/**
 * The NTLMv2 responses of MS-NLMP 3.3.2 and the session base key they yield.
 *
 * @param ntChallengeResponse NTProofStr followed by the client's blob ("temp")
 * @param lmChallengeResponse the LMv2 response (HMAC and client challenge)
 * @param sessionBaseKey HMAC_MD5(ResponseKeyNT, NTProofStr); for NTLMv2 also the key exchange key
 */
public record Ntlmv2Response(byte[] ntChallengeResponse, byte[] lmChallengeResponse, byte[] sessionBaseKey) {
  public Ntlmv2Response {
    ntChallengeResponse = ntChallengeResponse.clone();
    lmChallengeResponse = lmChallengeResponse.clone();
    sessionBaseKey = sessionBaseKey.clone();
  }

  /**
   * Computes the responses.
   *
   * @param responseKeyNt NTOWFv2 of the credentials
   * @param serverChallenge the CHALLENGE's 8-byte server challenge
   * @param clientChallenge 8 random bytes of the client
   * @param fileTime the time as a Windows FILETIME (the server's MsvAvTimestamp when it sent one)
   * @param serverName the TargetInfo as echoed by the client, MsvAvEOL included
   */
  public static Ntlmv2Response compute(
      byte[] responseKeyNt, byte[] serverChallenge, byte[] clientChallenge, long fileTime, byte[] serverName) {
    byte[] temp = Bytes.concat(
        new byte[] {1, 1, 0, 0, 0, 0, 0, 0}, Bytes.le64(fileTime), clientChallenge, new byte[4], serverName, new byte[4]);
    byte[] ntProofStr = NtlmCrypto.hmacMd5(responseKeyNt, serverChallenge, temp);
    byte[] lm = Bytes.concat(NtlmCrypto.hmacMd5(responseKeyNt, serverChallenge, clientChallenge), clientChallenge);
    return new Ntlmv2Response(
        Bytes.concat(ntProofStr, temp), lm, NtlmCrypto.hmacMd5(responseKeyNt, ntProofStr));
  }

  @Override
  public byte[] ntChallengeResponse() {
    return ntChallengeResponse.clone();
  }

  @Override
  public byte[] lmChallengeResponse() {
    return lmChallengeResponse.clone();
  }

  @Override
  public byte[] sessionBaseKey() {
    return sessionBaseKey.clone();
  }
}
