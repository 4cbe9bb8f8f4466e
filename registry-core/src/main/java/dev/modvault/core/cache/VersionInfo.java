package dev.modvault.core.cache;

import dev.modvault.core.error.UpstreamException;
import dev.modvault.core.module.Version;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the {@code Version} field of an upstream {@code .info} or {@code @latest} answer, which must be canonical. */
final class VersionInfo {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private VersionInfo() {
    }

    static Version version(byte[] json, String what) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode version = node == null ? null : node.get("Version");
            if (version != null && version.isString() && Version.isCanonical(version.stringValue())) {
                return Version.of(version.stringValue());
            }
        } catch (JacksonException e) {
            // fall through: a broken answer is an upstream fault
        }
        throw new UpstreamException("upstream sent an invalid version info for " + what);
    }
}
