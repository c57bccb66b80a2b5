package support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private certificate authority made with the JDK's keytool, as an operator would with their
 * own: its certificate as a PEM file (what SMTP_CA_FILE takes) and server keystores it signed for
 * the names given. Nothing is added to the JVM's trusted CAs.
 */
public final class TestCa {
    private static final String PASS = "test-store-pass";
    private final Path dir;
    private final Path caStore;
    public final Path pem;

    public TestCa(Path dir) throws Exception {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.pem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=EchoPilot Test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", caStore.toString(), "-storepass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS, "-file", pem.toString());
    }

    /** A TLS server context whose certificate this CA signed for {@code san} (e.g. "ip:127.0.0.1"). */
    public SSLContext serverContext(String name, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".crt");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store.toString(), "-storepass", PASS);
        keytool("-certreq", "-alias", "server", "-keystore", store.toString(), "-storepass", PASS, "-file", csr.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS, "-infile", csr.toString(),
                "-outfile", crt.toString(), "-ext", "san=" + san, "-ext", "eku=serverAuth", "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pem.toString(), "-keystore", store.toString(), "-storepass", PASS);
        keytool("-importcert", "-alias", "server", "-file", crt.toString(), "-keystore", store.toString(), "-storepass", PASS);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return tls;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
