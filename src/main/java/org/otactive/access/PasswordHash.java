package org.otactive.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (RFC 9106) in the PHC string format that the reference implementation's
 * {@code argon2} tool prints: {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH}, salt and hash in
 * unpadded base64. The parameters travel with each hash, so stronger ones later still verify old
 * hashes.
 *
 * <p>Bouncy Castle's {@link Argon2BytesGenerator} computes the function (already a dependency for
 * NTLM's MD4 and RC4, and kept up to date; the JDK has no Argon2). Defaults follow OWASP's advice
 * for Argon2id: 19 MiB, two passes, one lane. Thread-safe.
 */
public final class PasswordHash {
  /** Memory in KiB, passes and lanes of new hashes. */
  public record Cost(int memoryKiB, int iterations, int parallelism) {
    public static final Cost DEFAULT = new Cost(19 * 1024, 2, 1);
  }

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{16,128})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  private PasswordHash() {}

  /** A new hash of {@code password} with a fresh random salt. */
  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return hash(password, salt, Cost.DEFAULT);
  }

  /** The PHC string of {@code password} with this salt and cost (tests compare it with the argon2 tool). */
  static String hash(String password, byte[] salt, Cost cost) {
    byte[] out = argon2id(password.getBytes(StandardCharsets.UTF_8), salt, cost, HASH_BYTES);
    return "$argon2id$v=19$m=" + cost.memoryKiB() + ",t=" + cost.iterations() + ",p=" + cost.parallelism() + "$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
  }

  /** Whether {@code password} matches {@code encoded}; false for anything that is not an Argon2id PHC string. */
  public static boolean verify(String password, String encoded) {
    if (password == null || encoded == null) return false;
    Matcher m = PHC.matcher(encoded);
    if (!m.matches()) return false;
    Cost cost = new Cost(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    // Bounds keep a tampered row from making one login cost gigabytes or minutes.
    if (cost.memoryKiB() < 8 * cost.parallelism() || cost.memoryKiB() > 1024 * 1024 || cost.iterations() < 1
        || cost.parallelism() < 1) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(m.group(4));
    byte[] expected = Base64.getDecoder().decode(m.group(5));
    byte[] actual = argon2id(password.getBytes(StandardCharsets.UTF_8), salt, cost, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** The raw Argon2id tag (RFC 9106 section 3), with optional secret and associated data. */
  static byte[] argon2id(byte[] password, byte[] salt, Cost cost, int length, byte[] secret, byte[] ad) {
    Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(cost.memoryKiB())
        .withIterations(cost.iterations())
        .withParallelism(cost.parallelism())
        .withSalt(salt);
    if (secret != null) b.withSecret(secret);
    if (ad != null) b.withAdditional(ad);
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(b.build());
    byte[] out = new byte[length];
    gen.generateBytes(password, out);
    return out;
  }

  private static byte[] argon2id(byte[] password, byte[] salt, Cost cost, int length) {
    return argon2id(password, salt, cost, length, null, null);
  }
}
