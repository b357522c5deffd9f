package org.lightweb.server.federation;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Creates the PEM certificate and key for {@code listeners.federation.tls: self_signed} on first start. */
public final class SelfSignedCertificate {
    private SelfSignedCertificate() {}

    /** Writes {@code cert} and {@code key} for {@code host} unless both exist already. */
    public static void ensure(Path cert, Path key, String host) throws IOException {
        if (Files.exists(cert) && Files.exists(key)) return;
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(256, new SecureRandom());
            KeyPair pair = gen.generateKeyPair();
            X500Name subject = new X500Name("CN=" + host.replaceAll("[^A-Za-z0-9.\\-]", ""));
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                    pair.getPublic());
            boolean ip = host.matches("[0-9.]+") || host.contains(":");
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host)));
            X509Certificate x509 = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            Files.createDirectories(cert.toAbsolutePath().getParent());
            Files.writeString(cert, pem(x509));
            Files.writeString(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null)));   // PKCS#8: what Vert.x reads
            try {
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not POSIX
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot create a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
