package dev.modvault.git;

import java.io.IOException;

/**
 * A module zip cannot be made: the module path or version is malformed, or the files break the module zip rules
 * (invalid names, collisions, sizes). The message is the go command's, e.g.
 * {@code create zip: GO.MOD: go.mod files must have lowercase names}.
 */
public final class ModuleZipException extends IOException {

    public ModuleZipException(String message) {
        super(message);
    }
}
