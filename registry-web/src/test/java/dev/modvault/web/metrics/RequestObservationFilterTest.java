package dev.modvault.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The access line: one log-safe token for the path, the fields in their order, nothing formatted from the path. */
class RequestObservationFilterTest {

    @Test
    void anAccessLineHasTheFieldsInOrderAndThePathAsOneLogSafeToken() {
        assertThat(RequestObservationFilter.accessLine("GET", "/example.com/m/@v/v1.0.0.info", 200, 3, 57, "hit"))
                .isEqualTo("GET /example.com/m/@v/v1.0.0.info 200 3ms 57B hit");
        assertThat(RequestObservationFilter.accessLine("HEAD", "/api/v1/rules", 401, 0, 0, null))
                .isEqualTo("HEAD /api/v1/rules 401 0ms 0B");
        // a forged line break, a space, DEL and a formatter anchor: the line stays one line, the path one token
        assertThat(RequestObservationFilter.accessLine("GET", "/a\r\nINFO fake b\u007f{}", 404, 12, 5, "miss"))
                .isEqualTo("GET /a??INFO?fake?b?{} 404 12ms 5B miss");
        String longPath = "/" + "m".repeat(400);
        assertThat(RequestObservationFilter.accessLine("GET", longPath, 200, 1, 2, "hit"))
                .isEqualTo("GET " + longPath.substring(0, 300) + " 200 1ms 2B hit");
    }
}
