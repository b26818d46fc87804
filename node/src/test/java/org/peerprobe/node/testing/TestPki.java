package org.peerprobe.node.testing;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS tests, made with BouncyCastle: a test CA and server certificates for the
 * test front names — valid, expired, for the wrong name, and self-signed. Keys are EC P-256 (fast
 * to generate); certificates are signed with the JDK's providers. Made once per JVM ({@link
 * #get()}); immutable and thread-safe.
 *
 * <p>Clients trust the CA through {@link #clientContext()}; nothing touches the JDK trust store.
 */
public final class TestPki {
  /** The names every valid, expired and self-signed certificate covers. */
  public static final List<String> FRONT_NAMES =
      List.of("front.test", "cf-front.example.de", "cdn2-front.example.de");

  /** The only name of the wrong-name certificate. */
  public static final String WRONG_NAME = "somebody-else.test";

  private static final AtomicLong SERIAL = new AtomicLong(1000);
  private static final TestPki INSTANCE = create();

  private final Identity ca;
  private final Identity valid;
  private final Identity expired;
  private final Identity wrongName;
  private final Identity selfSigned;

  /** A private key with its certificate. */
  public record Identity(PrivateKey key, X509Certificate certificate) {}

  private TestPki(
      Identity ca, Identity valid, Identity expired, Identity wrongName, Identity selfSigned) {
    this.ca = ca;
    this.valid = valid;
    this.expired = expired;
    this.wrongName = wrongName;
    this.selfSigned = selfSigned;
  }

  /** The PKI of this JVM. */
  public static TestPki get() {
    return INSTANCE;
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** Issued by the CA for {@link #FRONT_NAMES}, valid from a day ago for a year. */
  public Identity valid() {
    return valid;
  }

  /** Issued by the CA for {@link #FRONT_NAMES}, expired yesterday. */
  public Identity expired() {
    return expired;
  }

  /** Issued by the CA, currently valid, but only for {@link #WRONG_NAME}. */
  public Identity wrongName() {
    return wrongName;
  }

  /** For {@link #FRONT_NAMES} and currently valid, but signed by its own key, not the CA. */
  public Identity selfSigned() {
    return selfSigned;
  }

  /** A client TLS context (JDK provider) that trusts this CA only. */
  public SslContext clientContext() {
    try {
      return SslContextBuilder.forClient()
          .sslProvider(SslProvider.JDK)
          .trustManager(ca.certificate())
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server TLS context (JDK provider) presenting {@code identity}. */
  public static SslContext serverContext(Identity identity) {
    try {
      return SslContextBuilder.forServer(identity.key(), identity.certificate())
          .sslProvider(SslProvider.JDK)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TestPki create() {
    try {
      Instant now = Instant.now();
      Instant dayAgo = now.minus(Duration.ofDays(1));
      Instant inAYear = now.plus(Duration.ofDays(365));
      KeyPair caKeys = newKeys();
      X500Name caName = new X500Name("CN=peerprobe test CA");
      X509Certificate caCert =
          sign(
              builder(caName, caName, caKeys, dayAgo, inAYear)
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
              caKeys.getPrivate());
      Identity ca = new Identity(caKeys.getPrivate(), caCert);
      Instant longAgo = now.minus(Duration.ofDays(30));
      return new TestPki(
          ca,
          leaf(ca, caName, FRONT_NAMES, dayAgo, inAYear),
          leaf(ca, caName, FRONT_NAMES, longAgo, dayAgo),
          leaf(ca, caName, List.of(WRONG_NAME), dayAgo, inAYear),
          selfSignedLeaf(FRONT_NAMES, dayAgo, inAYear));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot make the test PKI", e);
    }
  }

  private static Identity leaf(
      Identity ca, X500Name caName, List<String> names, Instant from, Instant to)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    KeyPair keys = newKeys();
    X509v3CertificateBuilder b =
        serverExtensions(builder(caName, new X500Name("CN=" + names.get(0)), keys, from, to), names)
            .addExtension(
                Extension.authorityKeyIdentifier,
                false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
    return new Identity(keys.getPrivate(), sign(b, ca.key()));
  }

  private static Identity selfSignedLeaf(List<String> names, Instant from, Instant to)
      throws GeneralSecurityException, OperatorCreationException, CertIOException {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + names.get(0));
    return new Identity(
        keys.getPrivate(),
        sign(
            serverExtensions(builder(subject, subject, keys, from, to), names), keys.getPrivate()));
  }

  private static X509v3CertificateBuilder serverExtensions(
      X509v3CertificateBuilder b, List<String> names) throws CertIOException {
    GeneralName[] san =
        names.stream()
            .map(n -> new GeneralName(GeneralName.dNSName, n))
            .toArray(GeneralName[]::new);
    return b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
        .addExtension(
            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair keys, Instant from, Instant to)
      throws GeneralSecurityException, CertIOException {
    return new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(from),
            Date.from(to),
            subject,
            keys.getPublic())
        .addExtension(
            Extension.subjectKeyIdentifier,
            false,
            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
  }

  private static KeyPair newKeys() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
