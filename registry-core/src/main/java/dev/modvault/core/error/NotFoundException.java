package dev.modvault.core.error;

/** The module or version does not exist (or is gone: 410). The go command moves on to its next proxy. */
public final class NotFoundException extends RegistryException {

    private final boolean gone;

    public NotFoundException(String message) {
        this(message, false);
    }

    public NotFoundException(String message, boolean gone) {
        super(message);
        this.gone = gone;
    }

    public boolean gone() {
        return gone;
    }
}
