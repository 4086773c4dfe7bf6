package org.supvisors.it.harness;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out blocks of 5 consecutive loopback ports P..P+4 (supervisord, Akka internal port, event port, node HTTP,
 * Akka Management).
 *
 * <p>Blocks start on multiples of 10 in 61000-64999: above Linux's ephemeral range (32768-60999), where a client
 * socket in TIME_WAIT may hold a port. A block is handed out once per JVM, and a lock file in the temporary
 * directory keeps two concurrent builds on the same host from taking the same block.
 */
public final class Ports {

    public static final int FIRST = 61000;
    public static final int LAST = 64999;
    public static final int BLOCK_SIZE = 5;
    private static final int STEP = 10;

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Held until the JVM exits; the operating system releases the locks then. */
    private static final List<FileLock> LOCKS = new ArrayList<>();

    private Ports() {
    }

    /** The first port of a block P..P+4 whose ports are all free on 127.0.0.1 (TCP and UDP). */
    public static synchronized int freeBlock() {
        int slots = (LAST + 1 - FIRST) / STEP;
        int start = ThreadLocalRandom.current().nextInt(slots);
        for (int i = 0; i < slots; i++) {
            int base = FIRST + ((start + i) % slots) * STEP;
            if (!HANDED_OUT.contains(base) && allFree(base, BLOCK_SIZE) && lock(base)) {
                HANDED_OUT.add(base);
                return base;
            }
        }
        throw new IllegalStateException("no free block of " + BLOCK_SIZE + " ports in " + FIRST + "-" + LAST);
    }

    /** True when the TCP and UDP ports port..port+count-1 can all be bound on 127.0.0.1 right now. */
    public static boolean allFree(int port, int count) {
        for (int p = port; p < port + count; p++) {
            if (!isFree(p)) {
                return false;
            }
        }
        return true;
    }

    public static boolean isFree(int port) {
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(LOOPBACK, port));
        } catch (IOException e) {
            return false;
        }
        try (DatagramSocket udp = new DatagramSocket(null)) {
            udp.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean lock(int base) {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "supvisors-it-ports");
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(base + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            LOCKS.add(lock);
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            // No lock directory available: the in-JVM bookkeeping still applies.
            return true;
        }
    }
}
