package org.otactive.probe.wmi.ntlm;

/**
 * The three NTLM messages (MS-NLMP 2.2.1). Byte-array components are copied in and out, so the
 * records stay immutable.
 */
public sealed interface NtlmMessage {
  /** The 8-byte VERSION structure (2.2.2.10) this client sends: Windows 10.0, NTLM revision 15. */
  byte[] CLIENT_VERSION = {10, 0, 0, 0, 0, 0, 0, 15};

  int flags();

  /** Type 1, client to server: what the client asks for. Domain and workstation are not sent. */
  record Negotiate(int flags) implements NtlmMessage {}

  /** Type 2, server to client: the server's choice of flags, its challenge and its TargetInfo. */
  record Challenge(int flags, byte[] serverChallenge, String targetName, TargetInfo targetInfo, byte[] version)
      implements NtlmMessage {
    public Challenge {
      if (serverChallenge.length != 8) throw new IllegalArgumentException("server challenge must be 8 bytes");
      serverChallenge = serverChallenge.clone();
      version = version.clone();
    }

    @Override
    public byte[] serverChallenge() {
      return serverChallenge.clone();
    }

    @Override
    public byte[] version() {
      return version.clone();
    }
  }

  /** Type 3, client to server: the responses, the names and the key exchange. */
  record Authenticate(
      byte[] lmChallengeResponse,
      byte[] ntChallengeResponse,
      String domain,
      String user,
      String workstation,
      byte[] encryptedRandomSessionKey,
      int flags,
      byte[] version,
      byte[] mic)
      implements NtlmMessage {
    public Authenticate {
      if (mic.length != 16) throw new IllegalArgumentException("MIC must be 16 bytes");
      lmChallengeResponse = lmChallengeResponse.clone();
      ntChallengeResponse = ntChallengeResponse.clone();
      encryptedRandomSessionKey = encryptedRandomSessionKey.clone();
      version = version.clone();
      mic = mic.clone();
    }

    @Override
    public byte[] lmChallengeResponse() {
      return lmChallengeResponse.clone();
    }

    @Override
    public byte[] ntChallengeResponse() {
      return ntChallengeResponse.clone();
    }

    @Override
    public byte[] encryptedRandomSessionKey() {
      return encryptedRandomSessionKey.clone();
    }

    @Override
    public byte[] version() {
      return version.clone();
    }

    @Override
    public byte[] mic() {
      return mic.clone();
    }

    public Authenticate withMic(byte[] newMic) {
      return new Authenticate(lmChallengeResponse, ntChallengeResponse, domain, user, workstation,
          encryptedRandomSessionKey, flags, version, newMic);
    }
  }
}
