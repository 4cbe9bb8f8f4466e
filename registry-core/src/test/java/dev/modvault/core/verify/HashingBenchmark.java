package dev.modvault.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.core.audit.AuditSink;
import dev.modvault.core.checksum.DirHash;
import dev.modvault.storage.ObjectMetadata;
import dev.modvault.storage.StorageKey;
import dev.modvault.storage.disk.DiskArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What checking costs: {@code h1:} hashing of a module zip (done once per fetch, before caching) and the per-serve
 * check of {@link VerifyingArtifactStore} (a SHA-256 of the stored file on the first serve of each stored body per
 * replica, then a stat per request). Runs only with {@code -Dbenchmark=true}:
 *
 * <pre>./mvnw -o -q -pl registry-core test -Dtest=HashingBenchmark -Dbenchmark=true</pre>
 *
 * The zip holds {@code benchmark.files} (default 400) Go-like source files of 64 KiB, deflated like a module zip. The
 * best of 5 rounds is printed and written to {@code target/hashing-benchmark.txt}; docs/checksums.md quotes it.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class HashingBenchmark {

    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void hashingAndPerServeCheckThroughput() throws Exception {
        int files = Integer.getInteger("benchmark.files", 400);
        Path zip = writeZip(dir.resolve("m.zip"), files, 64 * 1024);
        long zipBytes = Files.size(zip);
        long contentBytes = (long) files * 64 * 1024;

        double h1 = best(() -> DirHash.hashZip(zip));
        double sha = best(() -> sha256(zip));

        DiskArtifactStore disk = new DiskArtifactStore(dir.resolve("store"));
        VerifyingArtifactStore store = new VerifyingArtifactStore(disk, AuditSink.NONE, Clock.systemUTC());
        StorageKey key = StorageKey.of("bench.example/m/@v/v1.0.0.zip");
        try (InputStream in = Files.newInputStream(zip)) {
            store.put(key, in, new ObjectMetadata(zipBytes, sha256(zip), "application/zip"));
        }
        double firstServe = best(() -> {
            store.forget(key);
            return store.get(key).orElseThrow();
        });
        int hits = 20_000;
        double memoHit = best(() -> {
            for (int i = 0; i < hits; i++) {
                store.get(key).orElseThrow();
            }
            return null;
        }) / hits;
        double rawGet = best(() -> {
            for (int i = 0; i < hits; i++) {
                disk.get(key).orElseThrow();
            }
            return null;
        }) / hits;
        assertThat(store.checks()).isGreaterThanOrEqualTo(ROUNDS);

        String report = String.format(Locale.ROOT, """
                        module zip: %d files, %.1f MiB of content, %.1f MiB zipped (Java %s, %d cores)
                        h1 of the zip (DirHash.hashZip):        %7.1f ms  = %6.0f MB/s of zip, %6.0f MB/s of content
                        SHA-256 of the zip file:                %7.1f ms  = %6.0f MB/s
                        per-serve check, first serve (hash):    %7.1f ms  = %6.0f MB/s
                        per-serve check, later serves (memo):   %7.1f us per get (disk store get alone: %.1f us)
                        """, files, contentBytes / 1048576.0, zipBytes / 1048576.0, Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                h1 * 1e3, zipBytes / h1 / 1e6, contentBytes / h1 / 1e6,
                sha * 1e3, zipBytes / sha / 1e6,
                firstServe * 1e3, zipBytes / firstServe / 1e6,
                memoHit * 1e6, rawGet * 1e6);
        System.out.print(report);
        Path out = Path.of("target", "hashing-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    @FunctionalInterface
    interface Work {
        Object run() throws Exception;
    }

    /** The best of {@value #ROUNDS} rounds after one warm-up, in seconds. */
    private static double best(Work work) throws Exception {
        work.run();
        double[] times = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            work.run();
            times[i] = (System.nanoTime() - start) / 1e9;
        }
        return Arrays.stream(times).min().orElseThrow();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Go-like text (compresses like source code does), deflated, names as in a module zip. */
    private static Path writeZip(Path target, int files, int size) throws IOException {
        Random random = new Random(42);
        String[] words = {"func", "return", "if", "err", "!=", "nil", "{", "}", "package", "import", "string", "int",
                "for", "range", ":=", "ctx", "context.Context", "fmt.Errorf", "struct", "type"};
        try (OutputStream raw = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(raw)) {
            for (int f = 0; f < files; f++) {
                zip.putNextEntry(new ZipEntry("bench.example/m@v1.0.0/pkg" + (f % 20) + "/file" + f + ".go"));
                StringBuilder text = new StringBuilder(size + 64);
                while (text.length() < size) {
                    text.append(words[random.nextInt(words.length)]).append(random.nextInt(1000))
                            .append(random.nextInt(8) == 0 ? "\n\t" : " ");
                }
                zip.write(text.substring(0, size).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return target;
    }
}
