package dev.modvault.web.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.junit.jupiter.api.Test;

class ProtocolValveTest {

    private static Request request(byte[] rawUri) {
        org.apache.coyote.Request coyote = new org.apache.coyote.Request();
        coyote.requestURI().setBytes(rawUri, 0, rawUri.length);
        coyote.requestURI().getByteChunk().setCharset(StandardCharsets.UTF_8); // what the connector sets
        return new Request(new Connector(), coyote);
    }

    @Test
    void anAsciiUriIsReadAsTomcatWouldDecodeIt() {
        byte[] raw = "/github.com/!azure/azure-sdk-for-go/@v/v1.0.0%2Bincompatible.info"
                .getBytes(StandardCharsets.US_ASCII);
        String read = ProtocolValve.requestUri(request(raw));
        assertThat(read).isEqualTo(request(raw).getRequestURI())
                .isEqualTo("/github.com/!azure/azure-sdk-for-go/@v/v1.0.0%2Bincompatible.info");
    }

    @Test
    void aUriWithOtherBytesIsLeftToTomcat() {
        byte[] raw = "/example.com/caf\u00e9/@v/list".getBytes(StandardCharsets.UTF_8);
        String read = ProtocolValve.requestUri(request(raw));
        assertThat(read).isEqualTo(request(raw).getRequestURI()).isEqualTo("/example.com/caf\u00e9/@v/list");
    }

    @Test
    void aUriAlreadyAStringIsReturnedAsIs() {
        org.apache.coyote.Request coyote = new org.apache.coyote.Request();
        coyote.requestURI().setString("/example.com/m/@latest");
        assertThat(ProtocolValve.requestUri(new Request(new Connector(), coyote))).isEqualTo("/example.com/m/@latest");
    }
}
