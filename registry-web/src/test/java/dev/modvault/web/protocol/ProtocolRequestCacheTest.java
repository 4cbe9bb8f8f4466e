package dev.modvault.web.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.error.InvalidRequestException;
import dev.modvault.core.error.NotFoundException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache of parsed request paths gives what parsing gives, keeps only good short paths, and stays bounded. */
class ProtocolRequestCacheTest {

    private static final List<String> PATHS = List.of(
            "/github.com/!azure/azure-sdk-for-go/@v/v1.2.3.info",
            "/github.com/!azure/azure-sdk-for-go/@v/v1.2.3.mod",
            "/golang.org/x/text/@v/v0.3.8-0.20211004125949-5bd84dd9b33b.zip",
            "/example.com/m/@v/list",
            "/example.com/m/@latest",
            "/example.com/m/@v/master.info",
            "/gopkg.in/yaml.v3/@v/v3.0.1%2Bincompatible.info");

    @Test
    void answersWhatParsingAnswersTheFirstTimeAndEveryTimeAfter() {
        ProtocolRequest.Cache cache = new ProtocolRequest.Cache(100);
        for (int round = 0; round < 3; round++) {
            for (String path : PATHS) {
                assertThat(cache.parse(path)).isEqualTo(ProtocolRequest.parse(path));
            }
        }
        assertThat(cache.size()).isEqualTo(PATHS.size());
        assertThat(cache.parse(PATHS.getFirst())).isSameAs(cache.parse(PATHS.getFirst()));
    }

    @Test
    void refusesABadPathEveryTimeAndDoesNotKeepIt() {
        ProtocolRequest.Cache cache = new ProtocolRequest.Cache(100);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.parse("/Example.com/m/@v/v1.0.0.info"))
                    .isInstanceOf(InvalidRequestException.class);
            assertThatThrownBy(() -> cache.parse("/example.com/m/@v/v1.0.0.tar"))
                    .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> cache.parse("/example.com/m/@v/v1.0.0%zz.info"))
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThat(cache.size()).isZero();
    }

    @Test
    void holdsAtMostItsCapacityAndNoLongPaths() {
        ProtocolRequest.Cache cache = new ProtocolRequest.Cache(50);
        for (int i = 0; i < 1000; i++) {
            String path = "/example.com/m" + i + "/@v/v1.0." + i + ".info";
            assertThat(cache.parse(path).module().value()).isEqualTo("example.com/m" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(50);
        }
        ProtocolRequest.Cache fresh = new ProtocolRequest.Cache(50);
        String longPath = "/example.com/" + "a".repeat(ProtocolRequest.Cache.MAX_KEY_LENGTH) + "/@v/list";
        assertThat(fresh.parse(longPath).kind()).isEqualTo(ProtocolRequest.Endpoint.LIST);
        assertThat(fresh.size()).isZero();
    }
}
