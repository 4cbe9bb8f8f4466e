package dev.modvault.web.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP forwarder between Modvault and an object store, which can hold the traffic of one direction once
 * a number of bytes went through: the test then knows a transfer is under way, takes the store down, and lets the
 * proxy go on (the held connections then fail as the store's own would). Without a pause it forwards everything.
 *
 * <p>Test support for the storage fault tests: which byte the store dies at is decided by the test, not by timing.
 */
final class PausingTcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Direction up = new Direction();
    private final Direction down = new Direction();
    private volatile boolean closed;

    /** One direction's byte count and pause. */
    private static final class Direction {
        final AtomicLong bytes = new AtomicLong();
        volatile long pauseAt = Long.MAX_VALUE;
        volatile CountDownLatch paused = new CountDownLatch(1);
        volatile CountDownLatch resumed = new CountDownLatch(0);

        void arm(long after) {
            paused = new CountDownLatch(1);
            resumed = new CountDownLatch(1);
            pauseAt = bytes.get() + after;
        }

        /** Blocks while this direction is held, once it passed its pause mark. */
        void gate() throws InterruptedException {
            if (bytes.get() >= pauseAt) {
                paused.countDown();
                resumed.await();
            }
        }

        void release() {
            pauseAt = Long.MAX_VALUE;
            resumed.countDown();
        }
    }

    PausingTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("tcp-proxy-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Holds the traffic towards the store once {@code bytes} more went up (a put under way). */
    void pauseUploadAfter(long bytes) {
        up.arm(bytes);
    }

    /** Holds the traffic from the store once {@code bytes} more came down (a read under way). */
    void pauseDownloadAfter(long bytes) {
        down.arm(bytes);
    }

    /** Waits until a pause took hold. */
    void awaitUploadPaused() throws InterruptedException {
        await(up.paused, "upload");
    }

    void awaitDownloadPaused() throws InterruptedException {
        await(down.paused, "download");
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the " + what + " through the proxy never reached its pause");
        }
    }

    /**
     * Cuts every connection in progress, as the death of the store's process does. (An in-process server that is
     * merely stopped may keep serving a request it is in the middle of.)
     */
    void cutConnections() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    /** Lets held traffic go on (into whatever the store's sockets do now). */
    void resume() {
        up.release();
        down.release();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket target = new Socket();
        sockets.add(client);
        sockets.add(target);
        try {
            target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
        } catch (IOException refused) {
            closeQuietly(client, target); // the store is down: the client sees its connection closed
            return;
        }
        Thread.ofVirtual().start(() -> pump(client, target, up));
        pump(target, client, down);
    }

    private void pump(Socket from, Socket to, Direction direction) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                direction.bytes.addAndGet(n);
                direction.gate();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a side went away: close both, as a dropped connection would
        } finally {
            closeQuietly(from, to);
        }
    }

    private void closeQuietly(Socket... toClose) {
        for (Socket socket : toClose) {
            sockets.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resume();
        server.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }
}
