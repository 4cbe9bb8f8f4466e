package dev.modvault.core.policy;

import dev.modvault.core.error.PolicyDeniedException;
import dev.modvault.core.error.StorageFailureException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.protocol.GoProxy;
import dev.modvault.core.protocol.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Enforces DENY and ALLOW rules in front of another {@link GoProxy}, on cache hits and misses alike: refused
 * versions get a 403 naming the rule and its reason, and are left out of {@code list} and {@code @latest} so that
 * {@code go get m@latest} picks the newest version that is allowed. A refused version is never fetched.
 */
public final class PolicyGoProxy implements GoProxy {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GoProxy delegate;
    private final Supplier<PolicySnapshot> policy;

    public PolicyGoProxy(GoProxy delegate, Supplier<PolicySnapshot> policy) {
        this.delegate = delegate;
        this.policy = policy;
    }

    @Override
    public Content list(ModulePath module) {
        PolicySnapshot snapshot = requireModule(module);
        Content content = delegate.list(module);
        if (!snapshot.hasVersionRules(module.value())) {
            return content;
        }
        StringBuilder allowed = new StringBuilder();
        for (String version : allowedVersions(snapshot, module, content)) {
            allowed.append(version).append('\n');
        }
        return Content.of(allowed.toString().getBytes(StandardCharsets.UTF_8), MediaTypes.TEXT,
                Content.Freshness.SHORT, content.cacheHit());
    }

    @Override
    public Content latest(ModulePath module) {
        PolicySnapshot snapshot = requireModule(module);
        Content latest = delegate.latest(module);
        String version = infoVersion(latest);
        Decision decision = snapshot.check(module.value(), version);
        if (decision.allowed()) {
            return latest;
        }
        // The newest allowed version by the go command's preference: release, then pre-release.
        Optional<Version> fallback = allowedVersions(snapshot, module, delegate.list(module)).stream()
                .map(Version::of)
                .max(Comparator.comparing((Version v) -> !v.isPrerelease()).thenComparing(Comparator.naturalOrder()));
        if (fallback.isEmpty()) {
            throw denial(decision);
        }
        return delegate.info(module, fallback.get().value());
    }

    @Override
    public Content info(ModulePath module, String query) {
        PolicySnapshot snapshot = requireModule(module);
        if (Version.isCanonical(query)) {
            requireVersion(snapshot, module, query);
            return delegate.info(module, query);
        }
        Content resolved = delegate.info(module, query);
        requireVersion(snapshot, module, infoVersion(resolved));
        return resolved;
    }

    @Override
    public Content mod(ModulePath module, Version version) {
        requireVersion(requireModule(module), module, version.value());
        return delegate.mod(module, version);
    }

    @Override
    public Content zip(ModulePath module, Version version) {
        requireVersion(requireModule(module), module, version.value());
        return delegate.zip(module, version);
    }

    private PolicySnapshot requireModule(ModulePath module) {
        PolicySnapshot snapshot = policy.get();
        Decision decision = snapshot.checkModule(module.value());
        if (!decision.allowed()) {
            throw denial(decision);
        }
        return snapshot;
    }

    private static void requireVersion(PolicySnapshot snapshot, ModulePath module, String version) {
        Decision decision = snapshot.check(module.value(), version);
        if (!decision.allowed()) {
            throw denial(decision);
        }
    }

    private static PolicyDeniedException denial(Decision decision) {
        return new PolicyDeniedException(decision.message(), decision.rule() == null ? null : decision.rule().id());
    }

    private static List<String> allowedVersions(PolicySnapshot snapshot, ModulePath module, Content list) {
        List<String> allowed = new ArrayList<>();
        for (String line : read(list).split("\n")) {
            String version = line.strip();
            if (!version.isEmpty() && snapshot.check(module.value(), version).allowed()) {
                allowed.add(version);
            }
        }
        return allowed;
    }

    private static String infoVersion(Content info) {
        JsonNode node = JSON.readTree(read(info));
        return node.get("Version").stringValue();
    }

    private static String read(Content content) {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StorageFailureException("storage unavailable, try again later", e);
        }
    }
}
