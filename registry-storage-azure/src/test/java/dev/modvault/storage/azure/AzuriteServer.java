package dev.modvault.storage.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.azure.storage.blob.BlobServiceClient;

/**
 * Azurite's blob service (the Azure Storage emulator, npm {@code azurite}, pinned in
 * {@code registry-storage-azure/azurite/package.json}) as a child process on loopback, on a free port, with its
 * data in a temporary folder. {@link #kill()} ends it at once (SIGKILL: connections in progress are cut), and
 * {@link #restart()} brings it back on the same port over the same folder.
 *
 * <p>Azurite is found in {@code -Dmodvault.azurite.dir} or {@code $MODVAULT_AZURITE_DIR} (a folder holding
 * {@code node_modules/azurite}), else in {@code registry-storage-azure/azurite} above the working directory, where
 * {@code .ci/run} installs it ({@code npm ci --prefix registry-storage-azure/azurite}). Without it, starting fails
 * with a message saying how to install it. Telemetry is off: tests talk to loopback only.
 *
 * <p>Test support, shipped in this module's test-jar for registry-web's end-to-end tests.
 */
public final class AzuriteServer implements AutoCloseable {

    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development account key (public, documented by Microsoft). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path mainScript;
    private final Path location;
    private final int port;
    private Process process;
    private BlobServiceClient admin;

    private AzuriteServer(Path mainScript, Path location, int port) {
        this.mainScript = mainScript;
        this.location = location;
        this.port = port;
    }

    /** Starts Azurite on a free loopback port with an empty, temporary data folder. */
    public static AzuriteServer start() {
        Path script = locate();
        try {
            AzuriteServer server = new AzuriteServer(script, Files.createTempDirectory("azurite-"), freePort());
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it again after {@link #kill()} or {@link #stop()}: same port, same data. */
    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Azurite is running");
        }
        launch();
    }

    private synchronized void launch() {
        List<String> command = new ArrayList<>(List.of(node(), mainScript.toString(),
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--location", location.toString(),
                "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose"));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(location.resolve("azurite.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run Azurite (" + String.join(" ", command) + "): " + e, e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        awaitReady(started);
    }

    private void awaitReady(Process started) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (System.nanoTime() < deadline) {
                if (!started.isAlive()) {
                    throw new IllegalStateException("Azurite exited with " + started.exitValue() + ": " + log());
                }
                if (listening()) {
                    try {
                        http.send(HttpRequest.newBuilder(URI.create(endpoint() + "?comp=list")).build(),
                                HttpResponse.BodyHandlers.discarding()); // any answer (403 here) means it serves
                        return;
                    } catch (IOException notYet) {
                        // starting
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Azurite", e);
        }
        started.destroyForcibly();
        throw new IllegalStateException("Azurite did not serve on port " + port + " within " + START_TIMEOUT + ": "
                + log());
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends Azurite at once, as a crash would (SIGKILL). */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Stops Azurite gracefully. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitFor(process);
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    /** The blob service endpoint: {@code http://127.0.0.1:<port>/devstoreaccount1}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port + "/" + ACCOUNT);
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + endpoint() + ";";
    }

    /** Settings of a store in {@code container}, with the account key. */
    public AzureSettings settings(String container) {
        return AzureSettings.of(container, endpoint(), ACCOUNT, new AzureSettings.Auth.AccountKey(ACCOUNT_KEY));
    }

    /** Creates a container with a fresh name and returns the name. */
    public String createContainer() {
        String name = "c-" + UUID.randomUUID().toString().substring(0, 18);
        admin().createBlobContainer(name);
        return name;
    }

    /** A plain SDK client for this Azurite, for setting up and checking what a store did. */
    public synchronized BlobServiceClient admin() {
        if (admin == null) {
            admin = AzureClients.serviceClient(settings("admin"));
        }
        return admin;
    }

    private String log() {
        try {
            String log = Files.readString(location.resolve("azurite.log"));
            return log.length() > 2000 ? log.substring(log.length() - 2000) : log;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(location)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------- locating it

    private static final String MAIN = "node_modules/azurite/dist/src/blob/main.js";

    /** Azurite's blob entry point, or an exception saying how to install it. */
    static Path locate() {
        String configured = System.getProperty("modvault.azurite.dir", System.getenv("MODVAULT_AZURITE_DIR"));
        if (configured != null && !configured.isBlank()) {
            Path main = Path.of(configured).resolve(MAIN);
            if (Files.isRegularFile(main)) {
                return main.toAbsolutePath();
            }
            throw new IllegalStateException("Azurite is not installed in " + configured + " (no " + MAIN + "); run"
                    + " npm ci --prefix " + configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path main = dir.resolve("registry-storage-azure/azurite").resolve(MAIN);
            if (Files.isRegularFile(main)) {
                return main;
            }
            if (Files.isRegularFile(dir.resolve("registry-storage-azure/azurite/package.json"))) {
                throw new IllegalStateException("Azurite (the Azure Storage emulator the Azure backend's tests run"
                        + " on) is not installed: run  npm ci --prefix " + dir.resolve("registry-storage-azure/azurite")
                        + "  (Node.js 20+, as .ci/run does), or point -Dmodvault.azurite.dir at an installation");
            }
        }
        throw new IllegalStateException("cannot find registry-storage-azure/azurite above " + Path.of("")
                .toAbsolutePath() + "; set -Dmodvault.azurite.dir to a folder holding node_modules/azurite");
    }

    private static String node() {
        return System.getProperty("modvault.node", "node");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
