package org.otactive.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Argon2id checked against RFC 9106's test vector and, for the PHC string, against the reference
 * implementation's own {@code argon2} tool (Debian package {@code argon2}).
 */
class PasswordHashTest {
  private static byte[] filled(int n, int b) {
    byte[] out = new byte[n];
    Arrays.fill(out, (byte) b);
    return out;
  }

  @Test
  void rfc9106Section5_3Argon2idVector() {
    byte[] tag = PasswordHash.argon2id(filled(32, 1), filled(16, 2), new PasswordHash.Cost(32, 3, 4), 32, filled(8, 3),
        filled(12, 4));
    assertThat(HexFormat.of().formatHex(tag))
        .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
  }

  @Test
  void thePhcStringIsTheOneTheReferenceToolPrints() throws Exception {
    String salt = "otactive-salt-16";
    PasswordHash.Cost cost = new PasswordHash.Cost(1024, 2, 1);
    String ours = PasswordHash.hash("correct horse battery staple", salt.getBytes(StandardCharsets.US_ASCII), cost);
    Process p = new ProcessBuilder(List.of("argon2", salt, "-id", "-t", "2", "-k", "1024", "-p", "1", "-l", "32", "-e"))
        .redirectErrorStream(true).start();
    p.getOutputStream().write("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String theirs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(ours).isEqualTo(theirs).startsWith("$argon2id$v=19$m=1024,t=2,p=1$");
    assertThat(PasswordHash.verify("correct horse battery staple", theirs)).isTrue();
  }

  @Test
  void verifyAcceptsOnlyTheRightPassword() {
    String h = PasswordHash.hash("a long enough password");
    assertThat(h).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(PasswordHash.verify("a long enough password", h)).isTrue();
    assertThat(PasswordHash.verify("a long enough passworD", h)).isFalse();
    assertThat(PasswordHash.hash("a long enough password")).as("a fresh salt each time").isNotEqualTo(h);
  }

  @Test
  void anythingButAnArgon2idPhcStringNeverVerifies() {
    assertThat(PasswordHash.verify("x", null)).isFalse();
    assertThat(PasswordHash.verify("x", "")).isFalse();
    assertThat(PasswordHash.verify("x", "$argon2i$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
    // A tampered row asking for 4 GiB of memory is refused before any work.
    assertThat(PasswordHash.verify("x", "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
  }
}
