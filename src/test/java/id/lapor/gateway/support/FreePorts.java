package id.lapor.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP port for a server a test starts later (a child JVM, a simulator configured by port).
 *
 * <p>{@code new ServerSocket(0)} hands out a port from the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768–60999 on Linux), the same range every outgoing
 * connection takes its source port from: on a busy machine another process's connection can take that
 * port in the seconds before a child JVM binds it ("Address already in use", seen in DemoStartIT while
 * other builds ran). Ports below that range are only ever taken by an explicit bind, so the choice here
 * is a random port in 20000–32767 that can be bound now, and never one this JVM handed out before: several
 * ports are often picked before any is bound (bin/demo's six in DemoStartIT, the nodes ClusterRig launches one
 * after the other without waiting), and two random picks from 12,768 ports are the same once in 12,768 pairs
 * (DemoStartIT's 15 pairs: about once in 850 runs), which a "can be bound now" check cannot see.
 */
public final class FreePorts {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_767;

    /** Every port {@link #pick} returned in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /**
     * @return a port in 20000–32767 that no socket held just now and that no earlier call returned
     * @throws UncheckedIOException when 200 random tries found none
     */
    public static int pick() {
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH + 1);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) return port;
        }
        throw new UncheckedIOException(new IOException("no free port in " + LOW + "-" + HIGH));
    }

    // a wildcard bind fails on Linux while any address holds the port, so one try tells
    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
