package dev.modvault.web.serving;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How cached answers are sent (docs/configuration.md, docs/performance.md).
 *
 * @param memoryCacheSize          bodies of small stored objects held in memory per replica, least recently used
 *                                 out first; 0 turns the memory cache off
 * @param memoryCacheMaxObjectSize the largest body held in memory
 * @param zeroCopy                 send stored artifacts from local disk with sendfile once the per-serve check has
 *                                 passed, instead of reading and hashing them through the JVM; off by default because
 *                                 Tomcat finishes a sendfile after the request has returned, so graceful shutdown
 *                                 does not wait for it (docs/decisions.md)
 * @param hashOnSend               hash a zip sent from the disk store again on every send; false: a zip that passed
 *                                 the per-serve check is copied from its unchanged file without hashing again
 * @param socketWriteBufferSize    Tomcat's write buffer per connection ({@code socket.appWriteBufSize}): the largest
 *                                 piece a response is written to the socket in
 * @param directSocketBuffers      Tomcat's per-connection buffers outside the heap ({@code socket.directBuffer}): the
 *                                 JDK then writes them to the socket without copying each one first
 */
@ConfigurationProperties("modvault.serving")
public record ServingProperties(@DefaultValue("64MB") DataSize memoryCacheSize,
                                @DefaultValue("1MB") DataSize memoryCacheMaxObjectSize,
                                @DefaultValue("false") boolean zeroCopy,
                                @DefaultValue("false") boolean hashOnSend,
                                @DefaultValue("128KB") DataSize socketWriteBufferSize,
                                @DefaultValue("true") boolean directSocketBuffers) {

    public ServingProperties {
        if (socketWriteBufferSize.toBytes() < 1024 || socketWriteBufferSize.toBytes() > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("modvault.serving.socket-write-buffer-size must be between 1KB and 16MB");
        }
        if (memoryCacheSize.isNegative() || memoryCacheMaxObjectSize.isNegative()) {
            throw new IllegalArgumentException("modvault.serving.memory-cache-size and"
                    + " modvault.serving.memory-cache-max-object-size must not be negative");
        }
    }
}
