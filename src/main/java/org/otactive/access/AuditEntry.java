package org.otactive.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One line of the append-only audit log: who did what to which subject, when, why, and through
 * which channel.
 *
 * @param id its place in the log (1, 2, …)
 * @param channel where the action came in ({@link Channel#word}); empty in entries written before
 *     channels were recorded
 * @param prevHash the hash of the entry before it (64 zeros for the first)
 * @param hash SHA-256 over the previous hash and every field, so an edited, removed or reordered
 *     entry breaks the chain
 */
public record AuditEntry(long id, Instant at, String actor, String channel, String action, String subject,
    String reason, String detail, String prevHash, String hash) {
  public static final String GENESIS = "0".repeat(64);

  /**
   * The hash an entry with these fields must carry. The channel is hashed as an eighth field when
   * there is one, so entries written before channels existed keep their hashes, and a channel
   * added, removed or changed later breaks the chain all the same.
   */
  public static String hashOf(String prevHash, Instant at, String actor, String channel, String action,
      String subject, String reason, String detail) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String[] fields = channel.isEmpty()
          ? new String[] {prevHash, at.toString(), actor, action, subject, reason, detail}
          : new String[] {prevHash, at.toString(), actor, action, subject, reason, detail, channel};
      // Length-prefixed fields: no two different entries hash the same text.
      for (String f : fields) {
        byte[] b = f.getBytes(StandardCharsets.UTF_8);
        sha.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(b);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether this entry's hash matches its fields and follows {@code expectedPrev}. */
  public boolean followsFrom(String expectedPrev) {
    return prevHash.equals(expectedPrev)
        && hash.equals(hashOf(prevHash, at, actor, channel, action, subject, reason, detail));
  }
}
