package dev.modvault.web.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.testkit.FixtureModule;
import dev.modvault.testkit.Fixtures;
import dev.modvault.testkit.StaticGoProxy;
import dev.modvault.web.ModvaultServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simultaneous requests for one uncached artifact cause one upstream fetch, and all get the same bytes. */
class ConcurrencyTest {

    @Test
    void fiftyParallelRequestsForOneUncachedZipMakeOneUpstreamRequest(@TempDir Path dataDir) throws Exception {
        FixtureModule fixture = FixtureModule.builder("mod.example/big", "v1.0.0")
                .file("big.go", "package big\n")
                .file("data.bin", new byte[3 << 20])
                .build();
        try (StaticGoProxy upstream = StaticGoProxy.start(fixture);
             ModvaultServer modvault = ModvaultServer.start(dataDir, upstream.uri())) {
            String zip = fixture.proxyPath("zip");
            // hold the upstream answer so that all 50 requests arrive while the one fetch is in flight
            upstream.delay(zip, Duration.ofMillis(700));

            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> responses = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 50; i++) {
                    responses.add(clients.submit(() -> {
                        go.await();
                        return modvault.get(zip);
                    }));
                }
                go.countDown();
                for (Future<HttpResponse<byte[]>> response : responses) {
                    assertThat(response.get().statusCode()).isEqualTo(200);
                    assertThat(response.get().body()).isEqualTo(fixture.zipBytes());
                }
            }
            assertThat(upstream.requests(zip)).isEqualTo(1);
        }
    }
}
