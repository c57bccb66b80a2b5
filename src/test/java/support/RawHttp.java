package support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP as bytes on a socket, for what an HTTP client refuses to send: request lines of 5 KB,
 * broken chunked bodies, HTTP/2.0 on an HTTP/1 port, invalid UTF-8.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** What came back: the status line (empty when the server closed without a word), head and body. */
    public record Answer(String statusLine, String head, String body) {
        public int status() {
            String[] parts = statusLine.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** Writes the bytes, then reads one answer: up to its Content-Length, or until the server closes. */
    public static Answer send(int port, byte[] request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    public static Answer send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int headEnd = -1;
        long bodyLength = -1;
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    String length = header(text.substring(0, headEnd), "content-length");
                    bodyLength = length == null ? -1 : Long.parseLong(length);
                }
                if (headEnd >= 0 && bodyLength >= 0 && got.size() >= headEnd + 4 + bodyLength) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // a kept-alive connection without Content-Length: what arrived is the answer
        }
        String text = got.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return new Answer("", "", "");
        }
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        int firstLine = head.indexOf("\r\n");
        return new Answer(firstLine < 0 ? head : head.substring(0, firstLine), head, end < 0 ? "" : text.substring(end + 4));
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }
}
