package dev.modvault.auth.access;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Who may see which module: everyone who may read at all sees the public (non-PRIVATE) modules; a PRIVATE module
 * only admins and callers in a group that an access rule grants it to. The answer for a PRIVATE module depends only
 * on its path and the caller, never on whether the module exists, so a refusal says nothing about existence.
 */
public final class ModuleAccess {

    private final Predicate<String> isPrivate;
    private final Supplier<AuthSnapshot> snapshot;

    /**
     * @param isPrivate whether a module path is covered by a PRIVATE policy rule (the policy engine's snapshot)
     * @param snapshot  the current tokens and access rules
     */
    public ModuleAccess(Predicate<String> isPrivate, Supplier<AuthSnapshot> snapshot) {
        this.isPrivate = isPrivate;
        this.snapshot = snapshot;
    }

    /** Whether the caller of the current request may see {@code module}. */
    public boolean visible(String module) {
        return visible(Caller.current().orElse(null), module);
    }

    /** Whether {@code caller} (null: anonymous) may see {@code module}. */
    public boolean visible(Caller caller, String module) {
        if (!isPrivate.test(module)) {
            return true;
        }
        return caller != null && (caller.admin() || snapshot.get().grants(caller.groups(), module));
    }
}
