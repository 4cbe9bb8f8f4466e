package dev.modvault.core.protocol;

/** Content types of the GOPROXY protocol's answers. */
public final class MediaTypes {
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String JSON = "application/json";
    public static final String ZIP = "application/zip";

    private MediaTypes() {
    }
}
