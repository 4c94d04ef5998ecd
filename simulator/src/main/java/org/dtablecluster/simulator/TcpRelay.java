package org.dtablecluster.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay to etcd that a fault drill can cut, to partition one client from etcd
 * while etcd keeps serving everyone else. Each accepted connection goes to the first target that
 * accepts it. {@link #cut()} resets open connections and refuses new ones (the port stays ours);
 * the local cluster's relay process is cut by {@code SIGSTOP} instead, which loses packets
 * silently as a broken path does. Run alone:
 * <pre>java -cp dtable-cluster-simulator.jar org.dtablecluster.simulator.TcpRelay --listen PORT --to HOST:PORT[,HOST:PORT...]</pre>
 */
public final class TcpRelay implements AutoCloseable {

    static final String USAGE = "usage: TcpRelay --listen PORT --to HOST:PORT[,HOST:PORT...]  (listens on 127.0.0.1)";

    private final List<InetSocketAddress> targets;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpRelay(int port, List<InetSocketAddress> targets) throws IOException {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a relay needs at least one target");
        }
        this.targets = List.copyOf(targets);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(this::acceptLoop, "tcp-relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Relays a new loopback port to {@code target}, an {@code http://host:port} URL. */
    public static TcpRelay to(URI target) {
        return listen(0, List.of(new InetSocketAddress(target.getHost(), target.getPort())));
    }

    /** Relays loopback {@code port} (0: any free one) to the first of {@code targets} that accepts. */
    public static TcpRelay listen(int port, List<InetSocketAddress> targets) {
        try {
            return new TcpRelay(port, targets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int port = -1;
        List<InetSocketAddress> targets = new ArrayList<>();
        try {
            for (int i = 0; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--listen" -> port = Integer.parseInt(args[i + 1]);
                    case "--to" -> targets.addAll(parseTargets(args[i + 1]));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length % 2 != 0 || port < 1 || port > 65535 || targets.isEmpty()) {
                throw new IllegalArgumentException("--listen (1-65535) and --to are required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try (TcpRelay relay = listen(port, targets)) {
            System.out.println("tcp relay listening on " + relay.endpoint() + " -> " + targets);
            Thread.currentThread().join();
        }
    }

    static List<InetSocketAddress> parseTargets(String list) {
        List<InetSocketAddress> targets = new ArrayList<>();
        for (String t : list.split(",")) {
            int colon = t.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("not HOST:PORT: '" + t + "'");
            }
            targets.add(new InetSocketAddress(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1))));
        }
        return targets;
    }

    /** The URL clients should use instead of the target's. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Resets every relayed connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        closeOpenConnections();
    }

    public void restore() {
        cut = false;
    }

    public boolean isCut() {
        return cut;
    }

    /** Connections accepted so far, cut or not. */
    public long acceptedConnections() {
        return accepted.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        closeOpenConnections();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Socket upstream = cut || closed ? null : connectUpstream();
            if (upstream == null) {
                reset(client);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
    }

    private Socket connectUpstream() {
        for (InetSocketAddress target : targets) {
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 1000);
                return upstream;
            } catch (IOException e) {
                closeQuietly(upstream);
            }
        }
        return null;
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away; close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeOpenConnections() {
        for (Socket s : open) {
            reset(s);
        }
        open.clear();
    }

    // SO_LINGER 0 sends RST, as a broken network path would, instead of an orderly FIN.
    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
