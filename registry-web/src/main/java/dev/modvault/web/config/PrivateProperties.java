package dev.modvault.web.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where PRIVATE modules come from.
 *
 * @param proxies private GOPROXY URLs (GOPROXY syntax, as {@code modvault.upstream.proxies}); empty: private
 *                modules are served only from the cache
 */
@ConfigurationProperties("modvault.private")
public record PrivateProperties(@DefaultValue List<String> proxies) {
}
