package org.otactive.probe.wmi.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

/** The primitives of MS-NLMP section 6 and the NTLMv2 one-way function of section 3.3.2. */
public final class NtlmCrypto {
  private NtlmCrypto() {}

  /** MD4 (RFC 1320); the JDK has none, so BouncyCastle's. */
  public static byte[] md4(byte[] data) {
    MD4Digest d = new MD4Digest();
    d.update(data, 0, data.length);
    byte[] out = new byte[16];
    d.doFinal(out, 0);
    return out;
  }

  public static byte[] md5(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      for (byte[] p : parts) md.update(p);
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks MD5", e);
    }
  }

  public static byte[] hmacMd5(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(key, "HmacMD5"));
      for (byte[] p : parts) mac.update(p);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacMD5", e);
    }
  }

  /** The NT hash: MD4 of the UTF-16LE password. */
  public static byte[] ntHash(String password) {
    return md4(password.getBytes(StandardCharsets.UTF_16LE));
  }

  /** NTOWFv2: HMAC_MD5(NT hash, UNICODE(Uppercase(user) + domain)). */
  public static byte[] ntowfv2(byte[] ntHash, String user, String domain) {
    return hmacMd5(ntHash, (user.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
  }

  /** A keyed RC4 stream; each call continues where the last one stopped, as NTLM's handles do. */
  public static final class Rc4 {
    private final RC4Engine engine = new RC4Engine();

    public Rc4(byte[] key) {
      engine.init(true, new KeyParameter(key));
    }

    public byte[] apply(byte[] data) {
      byte[] out = new byte[data.length];
      engine.processBytes(data, 0, data.length, out, 0);
      return out;
    }
  }

  /** RC4 with a fresh handle, as for EncryptedRandomSessionKey. */
  public static byte[] rc4(byte[] key, byte[] data) {
    return new Rc4(key).apply(data);
  }
}
