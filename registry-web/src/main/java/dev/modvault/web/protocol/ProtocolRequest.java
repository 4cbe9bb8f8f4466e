package dev.modvault.web.protocol;

import dev.modvault.core.error.InvalidRequestException;
import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.PathEscaping;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A GOPROXY request parsed from the raw request path: {@code /{module}/@v/list}, {@code /{module}/@v/{v}.info},
 * {@code .mod}, {@code .zip} or {@code /{module}/@latest}. The module path and version are percent-decoded once,
 * then case-unescaped and validated by the core value types; nothing raw goes further.
 *
 * @param module  the validated module path
 * @param kind    which endpoint
 * @param version the unescaped version or query ({@code .info} may carry a non-canonical query), or null
 */
record ProtocolRequest(ModulePath module, Endpoint kind, String version) {

    enum Endpoint {
        LIST, LATEST, INFO, MOD, ZIP
    }

    static final int MAX_PATH_LENGTH = 4096;
    private static final String LATEST = "/@latest";
    private static final String VERSIONS = "/@v/";

    /** Whether the path is a GOPROXY route at all; other paths belong to the rest of the application. */
    static boolean isProtocolPath(String rawPath) {
        return rawPath.contains(VERSIONS) || rawPath.endsWith(LATEST);
    }

    static ProtocolRequest parse(String rawPath) {
        if (rawPath.length() > MAX_PATH_LENGTH) {
            throw new InvalidRequestException("request path longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (rawPath.endsWith(LATEST) && !rawPath.contains(VERSIONS)) {
            return new ProtocolRequest(module(rawPath.substring(0, rawPath.length() - LATEST.length())),
                    Endpoint.LATEST, null);
        }
        int at = rawPath.indexOf(VERSIONS);
        ModulePath module = module(rawPath.substring(0, at));
        String rest = rawPath.substring(at + VERSIONS.length());
        if (rest.equals("list")) {
            return new ProtocolRequest(module, Endpoint.LIST, null);
        }
        for (Endpoint kind : new Endpoint[] {Endpoint.INFO, Endpoint.MOD, Endpoint.ZIP}) {
            String suffix = "." + kind.name().toLowerCase();
            if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
                String escaped = decode(rest.substring(0, rest.length() - suffix.length()));
                return new ProtocolRequest(module, kind, PathEscaping.unescapeVersion(escaped));
            }
        }
        throw new NotFoundException("not found: unknown GOPROXY endpoint @v/" + Quote.of(decodeLenient(rest))
                + " (expected list, <version>.info, .mod or .zip)");
    }

    /**
     * Parses of recently requested paths: a build asks for the same few thousand paths over and over, and checking a
     * module path and version character by character was a tenth of a cached {@code .info}'s CPU. Only paths that
     * parse are kept (a bad one is checked, and refused, every time), only short ones, and at most
     * {@code capacity}: when full the cache starts again empty, so a scan of distinct paths costs what it did
     * before and holds a bounded amount of memory.
     */
    static final class Cache {
        static final int MAX_KEY_LENGTH = 512;

        private final int capacity;
        private final ConcurrentHashMap<String, ProtocolRequest> parsed;

        Cache(int capacity) {
            this.capacity = capacity;
            this.parsed = new ConcurrentHashMap<>(Math.min(capacity, 1024) * 2);
        }

        ProtocolRequest parse(String rawPath) {
            ProtocolRequest known = parsed.get(rawPath);
            if (known != null) {
                return known;
            }
            ProtocolRequest fresh = ProtocolRequest.parse(rawPath);
            if (capacity > 0 && rawPath.length() <= MAX_KEY_LENGTH) {
                if (parsed.size() >= capacity) {
                    parsed.clear();
                }
                parsed.put(rawPath, fresh);
            }
            return fresh;
        }

        int size() {
            return parsed.size();
        }
    }

    private static ModulePath module(String rawModule) {
        if (!rawModule.startsWith("/") || rawModule.length() < 2) {
            throw new InvalidRequestException("missing module path in request");
        }
        return ModulePath.fromEscaped(decode(rawModule.substring(1)));
    }

    /** Strict percent-decoding: '%' must start two hex digits, the result must be UTF-8; '+' stays '+'. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new InvalidRequestException("malformed percent-encoding in request path");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("request path is not valid UTF-8");
        }
    }

    private static String decodeLenient(String raw) {
        try {
            return decode(raw);
        } catch (InvalidRequestException e) {
            return raw;
        }
    }
}
