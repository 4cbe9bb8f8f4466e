package dev.modvault.storage.azure;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach the container and what to write: everything an {@link AzureBlobArtifactStore} is configured with.
 *
 * @param container        the blob container; it must exist (Modvault never creates containers)
 * @param prefix           a folder inside the container for all keys, without leading or trailing '/'; empty for
 *                         the container's root ({@code "modules/"} is normalized to {@code "modules"})
 * @param endpoint         the blob service URL ({@code https://<account>.blob.core.windows.net}, or Azurite's
 *                         {@code http://127.0.0.1:10000/devstoreaccount1}); null: from the account name, or from
 *                         the connection string
 * @param accountName      the storage account; needed with an account key, and to build the endpoint
 * @param auth             how requests are authorized
 * @param blockSize        bodies up to this size are one Put Blob; larger ones are staged in blocks of this size,
 *                         each held in memory once while it is sent (1 MiB .. 100 MiB)
 * @param redirect         whether {@link AzureBlobArtifactStore#directDownloadUri} hands out read-only SAS URLs
 * @param redirectValidity the longest validity of such a URL (1 s .. 7 days); a caller asking for longer gets this
 */
public record AzureSettings(String container, String prefix, URI endpoint, String accountName, Auth auth,
                            int blockSize, boolean redirect, Duration redirectValidity) {

    public static final int MIN_BLOCK_SIZE = 1024 * 1024;
    public static final int MAX_BLOCK_SIZE = 100 * 1024 * 1024;
    public static final int DEFAULT_BLOCK_SIZE = 8 * 1024 * 1024;
    public static final Duration DEFAULT_REDIRECT_VALIDITY = Duration.ofMinutes(5);
    /** A user delegation key, which signs SAS URLs under Entra ID credentials, lives at most 7 days. */
    public static final Duration MAX_REDIRECT_VALIDITY = Duration.ofDays(7);

    /** Azure's container naming rules. */
    private static final Pattern CONTAINER = Pattern.compile("(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9._~+!@-]+)(/[A-Za-z0-9._~+!@-]+)*");

    /** How requests are authorized. */
    public sealed interface Auth {

        /** A storage connection string (it names the endpoint and holds an account key or a SAS). */
        record ConnectionString(String value) implements Auth {
            public ConnectionString {
                requireText(value, "connection string");
            }

            /** Whether it holds an account key, which can sign SAS URLs. */
            boolean hasAccountKey() {
                return value.contains("AccountKey=");
            }

            @Override
            public String toString() {
                return "ConnectionString[***]";
            }
        }

        /** The storage account's shared key (with {@code accountName}). */
        record AccountKey(String key) implements Auth {
            public AccountKey {
                requireText(key, "account key");
            }

            @Override
            public String toString() {
                return "AccountKey[***]";
            }
        }

        /** A SAS token granting read, write, delete and list on the container; it cannot sign further SAS URLs. */
        record SasToken(String token) implements Auth {
            public SasToken {
                requireText(token, "SAS token");
                token = token.startsWith("?") ? token.substring(1) : token;
            }

            @Override
            public String toString() {
                return "SasToken[***]";
            }
        }

        /**
         * Entra ID through DefaultAzureCredential: workload identity on AKS ({@code AZURE_FEDERATED_TOKEN_FILE}),
         * managed identity, environment, Azure CLI. Redirects use a user delegation key.
         */
        record DefaultCredential() implements Auth {
        }
    }

    public AzureSettings {
        Objects.requireNonNull(container, "container");
        if (!CONTAINER.matcher(container).matches()) {
            throw new IllegalArgumentException("invalid Azure container name: \"" + container + "\"");
        }
        prefix = normalizePrefix(prefix);
        accountName = accountName == null || accountName.isBlank() ? null : accountName.strip();
        if (accountName != null && !ACCOUNT.matcher(accountName).matches()) {
            throw new IllegalArgumentException("invalid Azure storage account name: \"" + accountName + "\"");
        }
        Objects.requireNonNull(auth, "auth");
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")))) {
            throw new IllegalArgumentException("the Azure blob endpoint must be an http(s) URL: " + endpoint);
        }
        if (auth instanceof Auth.AccountKey && accountName == null) {
            throw new IllegalArgumentException("an account key needs the account name");
        }
        if (endpoint == null && accountName == null && !(auth instanceof Auth.ConnectionString)) {
            throw new IllegalArgumentException("set the blob endpoint or the account name");
        }
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("the Azure block size must be between 1 MiB and 100 MiB: " + blockSize);
        }
        Objects.requireNonNull(redirectValidity, "redirectValidity");
        if (redirectValidity.compareTo(Duration.ofSeconds(1)) < 0
                || redirectValidity.compareTo(MAX_REDIRECT_VALIDITY) > 0) {
            throw new IllegalArgumentException("the SAS URL validity must be between 1s and 7 days: "
                    + redirectValidity);
        }
        if (redirect && !canSign(auth)) {
            throw new IllegalArgumentException("redirects need SAS URLs, which a SAS token (or a connection string"
                    + " without an account key) cannot sign: use an account key, a connection string with one, or"
                    + " DefaultAzureCredential");
        }
    }

    /** Settings with every default: 8 MiB blocks, no prefix, no redirects. */
    public static AzureSettings of(String container, URI endpoint, String accountName, Auth auth) {
        return new AzureSettings(container, "", endpoint, accountName, auth, DEFAULT_BLOCK_SIZE, false,
                DEFAULT_REDIRECT_VALIDITY);
    }

    public AzureSettings withPrefix(String prefix) {
        return new AzureSettings(container, prefix, endpoint, accountName, auth, blockSize, redirect,
                redirectValidity);
    }

    public AzureSettings withContainer(String container) {
        return new AzureSettings(container, prefix, endpoint, accountName, auth, blockSize, redirect,
                redirectValidity);
    }

    public AzureSettings withAuth(Auth auth) {
        return new AzureSettings(container, prefix, endpoint, accountName, auth, blockSize, redirect,
                redirectValidity);
    }

    public AzureSettings withEndpoint(URI endpoint) {
        return new AzureSettings(container, prefix, endpoint, accountName, auth, blockSize, redirect,
                redirectValidity);
    }

    public AzureSettings withBlockSize(int blockSize) {
        return new AzureSettings(container, prefix, endpoint, accountName, auth, blockSize, redirect,
                redirectValidity);
    }

    public AzureSettings withRedirect(boolean redirect, Duration validity) {
        return new AzureSettings(container, prefix, endpoint, accountName, auth, blockSize, redirect, validity);
    }

    /** The endpoint to use: the configured one, else the account's public endpoint; null for a connection string. */
    URI serviceEndpoint() {
        if (endpoint != null) {
            return endpoint;
        }
        return accountName == null ? null : URI.create("https://" + accountName + ".blob.core.windows.net");
    }

    /** The blob name of a storage key. */
    String blobName(String storageKey) {
        return prefix.isEmpty() ? storageKey : prefix + "/" + storageKey;
    }

    /** Where the container is, for messages. */
    String describe() {
        URI where = serviceEndpoint();
        return "container " + container + (prefix.isEmpty() ? "" : "/" + prefix)
                + (where == null ? "" : " at " + where);
    }

    private static boolean canSign(Auth auth) {
        return switch (auth) {
            case Auth.AccountKey k -> true;
            case Auth.DefaultCredential d -> true;
            case Auth.ConnectionString c -> c.hasAccountKey();
            case Auth.SasToken s -> false;
        };
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must not be empty");
        }
    }

    private static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && (!PREFIX.matcher(p).matches() || ("/" + p + "/").contains("/./")
                || ("/" + p + "/").contains("/../"))) {
            throw new IllegalArgumentException("invalid key prefix: \"" + prefix + "\"");
        }
        return p;
    }
}
