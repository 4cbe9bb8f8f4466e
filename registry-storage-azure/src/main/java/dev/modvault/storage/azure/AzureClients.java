package dev.modvault.storage.azure;

import java.time.Duration;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceAsyncClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;

/**
 * Builds the blob service client of an {@link AzureBlobArtifactStore} from its {@link AzureSettings}: HTTP through
 * the JDK's HttpClient, three tries per request with short exponential back-off (a store that is down fails a
 * request within seconds, it is not waited for).
 */
final class AzureClients {

    private static final int MAX_TRIES = 3;
    /** Longest time of one try: one block of up to 100 MiB must fit. */
    private static final Duration TRY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private AzureClients() {
    }

    /** The synchronous client, and the asynchronous one for streaming downloads, sharing one HTTP client. */
    record Clients(BlobServiceClient sync, BlobServiceAsyncClient async) {
    }

    static BlobServiceClient serviceClient(AzureSettings settings) {
        return clients(settings).sync();
    }

    static Clients clients(AzureSettings settings) {
        HttpClient http = new JdkHttpClientBuilder().connectionTimeout(CONNECT_TIMEOUT).build();
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .httpClient(http)
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, MAX_TRIES, TRY_TIMEOUT,
                        RETRY_DELAY, MAX_RETRY_DELAY, null));
        switch (settings.auth()) {
            case AzureSettings.Auth.ConnectionString c -> builder.connectionString(c.value());
            case AzureSettings.Auth.AccountKey k ->
                    builder.credential(new StorageSharedKeyCredential(settings.accountName(), k.key()));
            case AzureSettings.Auth.SasToken s -> builder.sasToken(s.token());
            case AzureSettings.Auth.DefaultCredential d -> builder.credential(new DefaultAzureCredentialBuilder()
                    .build());
        }
        if (settings.endpoint() != null) {
            builder.endpoint(settings.endpoint().toString());
        } else if (!(settings.auth() instanceof AzureSettings.Auth.ConnectionString)) {
            builder.endpoint(settings.serviceEndpoint().toString()); // from the account name
        }
        return new Clients(builder.buildClient(), builder.buildAsyncClient());
    }
}
