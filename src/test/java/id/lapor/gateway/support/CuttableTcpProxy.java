package id.lapor.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 (an ephemeral port) in front of one target (host, port) whose link the test can cut
 * or hang, as a node losing its database sees it:
 * <ul>
 *   <li>{@link #cut()} closes every open connection (both sockets) and closes each new one as soon as it is
 *       accepted, so the client sees its connections reset and every new connect fail at once (a refused-like
 *       failure, not a hang);</li>
 *   <li>{@link #hang()} black-holes the link while TCP stays up: open connections stay open but no byte is
 *       forwarded in either direction (a client waiting for an answer waits until its own timeout, the server
 *       sees an idle client), and new connections are accepted but not connected to the target, so a client's
 *       connect succeeds and its login then waits for an answer that does not come;</li>
 *   <li>{@link #restore()} ends either: new connections go through again; after a hang, the bytes held back
 *       are delivered and the connections carry on (as TCP resumes when a partition heals), and connections
 *       accepted during the hang are connected to the target then (a client that gave up meanwhile has closed
 *       its side, which the proxy passes on). Connections cut before stay closed.</li>
 * </ul>
 * Per connection, two daemon pump threads copy bytes each way; during a hang each holds back at most the one
 * buffer (16 KiB) it read last, the rest waits in the sockets' kernel buffers.
 *
 * <p>Own code, not a library: it is a few dozen lines of {@code java.net} sockets, and no proxy library
 * (Toxiproxy needs its server binary or a container) is a dependency of this project.
 */
public final class CuttableTcpProxy implements AutoCloseable {

    private enum Mode { FLOWING, HUNG, CUT }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Object modeChange = new Object();
    private volatile Mode mode = Mode.FLOWING;
    private volatile boolean closed;

    /** Starts listening at once; {@link #port()} is where the client connects. */
    public CuttableTcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "tcp-proxy-accept-" + server.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** The local port of the proxy. */
    public int port() {
        return server.getLocalPort();
    }

    /** Closes every connection through the proxy and refuses new ones (accepts and closes them) until {@link #restore()}. */
    public void cut() {
        setMode(Mode.CUT);
        for (Socket s : open) closeQuietly(s);
        open.clear();
    }

    /**
     * Black-holes the link until {@link #restore()}: open connections stay open but forward nothing either way,
     * new connections are accepted but not forwarded (see the class comment).
     */
    public void hang() {
        setMode(Mode.HUNG);
    }

    /** Ends a {@link #cut()} or a {@link #hang()}: what a hang held back flows on, new connections go through. */
    public void restore() {
        setMode(Mode.FLOWING);
    }

    private void setMode(Mode m) {
        synchronized (modeChange) {
            mode = m;
            modeChange.notifyAll();
        }
    }

    /** Returns once the link is not hung (flowing, cut or the proxy closed); false when the proxy was closed. */
    private boolean awaitNotHung() {
        synchronized (modeChange) {
            while (mode == Mode.HUNG && !closed) {
                try {
                    modeChange.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !closed;
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (mode == Mode.CUT) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            Thread connect = new Thread(() -> connect(client), "tcp-proxy-connect");
            connect.setDaemon(true);
            connect.start();
        }
    }

    /** Connects an accepted client to the target once the link is not hung, then pumps both ways. */
    private void connect(Socket client) {
        if (!awaitNotHung() || mode == Mode.CUT || client.isClosed()) {
            closeQuietly(client);
            open.remove(client);
            return;
        }
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
            return;
        }
        open.add(upstream);
        if (mode == Mode.CUT) { // cut while connecting
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
            open.remove(upstream);
            return;
        }
        pump(client, upstream);
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream(); // not closed here: closing a stream closes its socket, see finally
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!awaitNotHung()) break; // during a hang, hold these bytes back until the restore
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side closed or cut: close both below
            } finally {
                awaitNotHung(); // a close during a hang reaches the other side only after the restore
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
