package org.otactive.web;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.otactive.common.BadInputException;

/**
 * The console's TLS certificate: PEM files given by the user ({@code --cert}, {@code --key}), or a
 * self-signed one (ECDSA P-256, ten years, for localhost and 127.0.0.1) made on the first start
 * with TLS and kept beside the database ({@code console-cert.pem}, {@code console-key.pem}, 0600),
 * so browsers that accepted it once keep accepting it. Bouncy Castle writes and reads the PEM.
 */
final class Certificates {
  static final String CERT_FILE = "console-cert.pem";
  static final String KEY_FILE = "console-key.pem";

  private Certificates() {}

  /** A key store holding the key and certificate chain, with its (random, in-memory) password. */
  record Loaded(KeyStore keyStore, String password, String note) {}

  static Loaded load(Path cert, Path key, Path dir) {
    try {
      if (cert == null) {
        cert = dir.resolve(CERT_FILE);
        key = dir.resolve(KEY_FILE);
        String note;
        if (Files.exists(cert) && Files.exists(key)) {
          note = "self-signed certificate " + cert;
        } else {
          selfSigned(cert, key);
          note = "self-signed certificate made now: " + cert;
        }
        return keyStore(cert, key, note);
      }
      return keyStore(cert, key, "certificate " + cert);
    } catch (BadInputException e) {
      throw e;
    } catch (Exception e) {
      throw new BadInputException("cannot use the console's certificate: " + org.otactive.common.Text.firstLine(e.getMessage()));
    }
  }

  private static void selfSigned(Path cert, Path key) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    X500Name name = new X500Name("CN=otactive console");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.iPAddress, "::1")}));
    X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
    org.otactive.store.Database.createOwnerOnlyFolder(cert);
    // PKCS#8 ("PRIVATE KEY"): the JDK's encoding, with the curve named, which every reader takes.
    write(key, new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null));
    write(cert, new JcaX509CertificateConverter().getCertificate(holder));
  }

  private static void write(Path file, Object pem) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(pem);
    }
  }

  private static Loaded keyStore(Path cert, Path key, String note) throws Exception {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(cert, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof X509CertificateHolder h) chain.add(new JcaX509CertificateConverter().getCertificate(h));
      }
    }
    if (chain.isEmpty()) throw new BadInputException("--cert " + cert + " holds no PEM certificate");
    PrivateKey pk;
    try (Reader r = Files.newBufferedReader(key, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      pk = switch (o) {
        case PEMKeyPair kp -> conv.getPrivateKey(kp.getPrivateKeyInfo());
        case PrivateKeyInfo info -> conv.getPrivateKey(info);
        case null, default -> throw new BadInputException("--key " + key + " holds no unencrypted PEM private key");
      };
    }
    String password = new BigInteger(128, new SecureRandom()).toString(36);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("console", pk, password.toCharArray(), chain.toArray(X509Certificate[]::new));
    return new Loaded(ks, password, note);
  }
}
