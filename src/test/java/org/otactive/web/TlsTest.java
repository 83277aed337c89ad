package org.otactive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.methods.BuiltInMethods;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.supervise.Services;

/** {@code serve --tls}: a self-signed certificate made once, kept owner-only, valid for 127.0.0.1; cookies Secure. */
class TlsTest {
  @TempDir Path dir;

  @Test
  void theSelfSignedCertificateIsMadeOnceAndVerifiesFor127001() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      Services services = new Services(db, BuiltInMethods.registry(), null, Clock.systemUTC(), Ticker.system());
      Console.Options tls = new Console.Options("127.0.0.1", 0, true, null, null, dir);
      String first;
      try (Console console = Console.start(services, tls)) {
        assertThat(console.url().toString()).startsWith("https://127.0.0.1:");
        assertThat(console.certificateNote()).contains("made now");
        Path cert = dir.resolve(Certificates.CERT_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(Certificates.KEY_FILE))))
            .isEqualTo("rw-------");
        first = Files.readString(cert);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
          trust.setCertificateEntry("console", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpResponse<String> login = HttpClient.newBuilder().sslContext(ssl).build().send(
            HttpRequest.newBuilder(console.url().resolve("/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").contains("HttpOnly")
            .contains("SameSite=Strict");
      }
      try (Console again = Console.start(services, tls)) {
        assertThat(again.certificateNote()).doesNotContain("made now");
        assertThat(Files.readString(dir.resolve(Certificates.CERT_FILE))).as("kept across starts").isEqualTo(first);
      }
      services.close();
    }
  }
}
