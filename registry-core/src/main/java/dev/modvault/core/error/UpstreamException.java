package dev.modvault.core.error;

/** No upstream could answer: unreachable, timed out, or answered with an error or a broken body. */
public final class UpstreamException extends RegistryException {

    private final boolean timeout;

    public UpstreamException(String message, boolean timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    public UpstreamException(String message) {
        this(message, false, null);
    }

    public boolean timeout() {
        return timeout;
    }
}
