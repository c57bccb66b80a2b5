package support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small SMTP server on loopback that records every line a client sends and whether TLS was on
 * at that moment, so a test can prove what crossed the network in clear. GreenMail (2.1) has no
 * STARTTLS and its certificate names no host, hence this. Modes: STARTTLS offered (AUTH is
 * offered before it too, as a careless relay would, to catch a client that logs in early), TLS on
 * connect (smtps), or clear text with AUTH and no STARTTLS.
 */
public final class FakeSmtp implements AutoCloseable {
    public enum Mode { STARTTLS, SMTPS, PLAIN }

    /** One line the client sent; {@code tls} says whether it travelled encrypted. */
    public record Line(boolean tls, String text) {
    }

    public final List<Line> lines = new CopyOnWriteArrayList<>();
    public final List<String> messages = new CopyOnWriteArrayList<>();
    private final Mode mode;
    private final SSLContext tls;
    private final String user;
    private final String password;
    private final ServerSocket server;

    public FakeSmtp(Mode mode, SSLContext tls, String user, String password) throws IOException {
        this.mode = mode;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.server = mode == Mode.SMTPS ? tls.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress())
                : new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "fake-smtp");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** True when some line sent in clear holds the text (a password, its base64, an AUTH command). */
    public boolean sentInClear(String text) {
        return lines.stream().anyMatch(l -> !l.tls() && l.text().contains(text));
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(15_000);
                converse(s, mode == Mode.SMTPS);
            } catch (IOException e) {
                // a client that hung up or failed its handshake: the next one is served
            }
        }
    }

    private void converse(Socket socket, boolean encrypted) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        if (!encrypted || mode == Mode.SMTPS) {
            reply(out, "220 fake-smtp ready");
        }
        boolean authed = false;
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(new Line(encrypted, line));
            String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
            switch (cmd) {
                case "EHLO" -> {
                    boolean offerTls = mode == Mode.STARTTLS && !encrypted;
                    reply(out, "250-fake-smtp" + (offerTls ? "\r\n250-STARTTLS" : "") + "\r\n250 AUTH PLAIN LOGIN");
                }
                case "HELO" -> reply(out, "250 fake-smtp");
                case "STAR" -> {
                    reply(out, "220 go ahead");
                    SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
                    upgraded.setUseClientMode(false);
                    upgraded.startHandshake();
                    converse(upgraded, true);
                    return;
                }
                case "AUTH" -> {
                    authed = authenticate(line, in, out, encrypted);
                    reply(out, authed ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
                }
                case "MAIL" -> reply(out, user != null && !authed ? "530 5.7.0 Authentication required" : "250 OK");
                case "RCPT" -> reply(out, "250 OK");
                case "DATA" -> {
                    reply(out, "354 end with .");
                    StringBuilder message = new StringBuilder();
                    String data;
                    while ((data = in.readLine()) != null && !data.equals(".")) {
                        message.append(data).append('\n');
                    }
                    messages.add(message.toString());
                    reply(out, "250 OK queued");
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "250 OK");
            }
        }
    }

    private boolean authenticate(String line, BufferedReader in, OutputStream out, boolean encrypted) throws IOException {
        String[] parts = line.split(" ");
        String mechanism = parts.length > 1 ? parts[1].toUpperCase() : "";
        if (mechanism.equals("PLAIN")) {
            String response = parts.length > 2 ? parts[2] : ask(in, out, "334 ", encrypted);
            String[] fields = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8).split("\0", -1);
            return fields.length == 3 && fields[1].equals(user) && fields[2].equals(password);
        }
        if (mechanism.equals("LOGIN")) {
            String name = decode(parts.length > 2 ? parts[2] : ask(in, out, "334 VXNlcm5hbWU6", encrypted));
            String pass = decode(ask(in, out, "334 UGFzc3dvcmQ6", encrypted));
            return name.equals(user) && pass.equals(password);
        }
        return false;
    }

    private String ask(BufferedReader in, OutputStream out, String prompt, boolean encrypted) throws IOException {
        reply(out, prompt);
        String answer = in.readLine();
        lines.add(new Line(encrypted, answer));
        return answer == null ? "" : answer;
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
