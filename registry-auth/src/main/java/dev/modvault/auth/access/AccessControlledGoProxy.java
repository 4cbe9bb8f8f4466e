package dev.modvault.auth.access;

import dev.modvault.core.error.NotFoundException;
import dev.modvault.core.module.ModulePath;
import dev.modvault.core.module.Version;
import dev.modvault.core.protocol.Content;
import dev.modvault.core.protocol.GoProxy;

/**
 * Hides the PRIVATE modules a caller may not read, in front of another {@link GoProxy} (outermost, so that nothing
 * behind it, not even a policy refusal, answers for them): every endpoint answers 404, the same whether the module
 * exists or not, and nothing is looked up or fetched. The caller comes from Spring Security's context.
 */
public final class AccessControlledGoProxy implements GoProxy {

    private final GoProxy delegate;
    private final ModuleAccess access;

    public AccessControlledGoProxy(GoProxy delegate, ModuleAccess access) {
        this.delegate = delegate;
        this.access = access;
    }

    @Override
    public Content list(ModulePath module) {
        return require(module).list(module);
    }

    @Override
    public Content latest(ModulePath module) {
        return require(module).latest(module);
    }

    @Override
    public Content info(ModulePath module, String query) {
        return require(module).info(module, query);
    }

    @Override
    public Content mod(ModulePath module, Version version) {
        return require(module).mod(module, version);
    }

    @Override
    public Content zip(ModulePath module, Version version) {
        return require(module).zip(module, version);
    }

    private GoProxy require(ModulePath module) {
        Caller caller = Caller.current().orElse(null);
        if (access.visible(caller, module.value())) {
            return delegate;
        }
        throw new NotFoundException("not found: " + module.value() + ": unknown module, or "
                + (caller == null ? "a private one and no credential was sent (set up a Modvault token in .netrc or"
                        + " GOAUTH)" : "one that " + caller.getName() + " may not read"));
    }
}
