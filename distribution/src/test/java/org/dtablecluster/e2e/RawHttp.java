package org.dtablecluster.e2e;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for requests no client library sends as written: doubled
 * slashes, dot segments, encoded separators, oversized heads, uploads sent slowly or only after
 * {@code 100 Continue}. One request per connection ({@code Connection: close}).
 */
final class RawHttp {

    /** One answer; {@code writeError} is set when sending the body failed (the server cut it off). */
    record Answer(int status, Map<String, String> headers, String body, String writeError, boolean sawContinue) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    static Answer get(int port, String target, String... headers) throws IOException {
        return send(port, "GET", target, headers, null, 0, 0, false);
    }

    /**
     * Sends {@code method target} with {@code headers} ("Name: value") and a body of
     * {@code bodySize} bytes in chunks of {@code chunk} bytes, {@code pauseMillis} apart; with
     * {@code expectContinue}, the body only after a {@code 100 Continue}, and none when the final
     * answer comes first.
     */
    static Answer send(int port, String method, String target, String[] headers, byte[] body, int chunk,
            long pauseMillis, boolean expectContinue) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            boolean hasHost = false;
            for (String h : headers) {
                head.append(h).append("\r\n");
                hasHost |= h.toLowerCase(Locale.ROOT).startsWith("host:");
            }
            if (!hasHost) {
                head.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
                if (expectContinue) {
                    head.append("Expect: 100-continue\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.toString().getBytes(ISO_8859_1));
            out.flush();
            boolean sawContinue = false;
            String writeError = null;
            Answer early = null;
            if (body != null) {
                if (expectContinue) {
                    early = read(in, false);
                    if (early.status() == 100) {
                        sawContinue = true;
                        early = null;
                    }
                }
                if (early == null) {
                    writeError = write(out, body, chunk <= 0 ? body.length : chunk, pauseMillis);
                }
            }
            Answer answer = early != null ? early : read(in, sawContinue);
            return new Answer(answer.status(), answer.headers(), answer.body(), writeError, sawContinue);
        }
    }

    private static String write(OutputStream out, byte[] body, int chunk, long pauseMillis) {
        try {
            for (int off = 0; off < body.length; off += chunk) {
                out.write(body, off, Math.min(chunk, body.length - off));
                out.flush();
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
            return null;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    /** Reads one answer; a {@code 100 Continue} is returned as itself unless {@code skipContinue}. */
    private static Answer read(InputStream in, boolean skipContinue) throws IOException {
        while (true) {
            String statusLine = line(in);
            if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new TreeMap<>();
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                headers.merge(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
            if (status == 100) {
                if (skipContinue) {
                    continue;
                }
                return new Answer(100, headers, "", null, false);
            }
            return new Answer(status, headers, new String(body(in, headers), UTF_8), null, false);
        }
    }

    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                out.write(in.readNBytes(size));
                line(in);
            }
            return out.toByteArray();
        }
        return in.readAllBytes();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                byte[] b = out.toByteArray();
                int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, n, ISO_8859_1);
            }
            out.write(c);
        }
        return out.size() == 0 ? null : out.toString(ISO_8859_1);
    }
}
