package dev.modvault.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.helm.Chart.Rendered;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The auth.* values: anonymous reading off by default, the token hash key only ever from a Secret. */
class AuthValuesTest {

    @Test
    void anonymousReadingIsOffByDefaultAndTheAuthSettingsAreRendered() {
        Properties properties = Chart.render("defaults").properties();

        assertThat(properties.getProperty("modvault.auth.anonymous-read")).isEqualTo("false");
        assertThat(properties.getProperty("modvault.auth.refresh-interval")).isEqualTo("1s");
        assertThat(properties.getProperty("modvault.auth.failures-per-minute")).isEqualTo("20");
        assertThat(properties.getProperty("modvault.auth.oidc.groups-claim")).isEqualTo("groups");
        assertThat(properties).doesNotContainKey("modvault.auth.token-hash-key");
        assertThat(Chart.render("defaults", Map.of("auth.anonymousRead", true)).properties()
                .getProperty("modvault.auth.anonymous-read")).isEqualTo("true");
    }

    @Test
    void theTokenHashKeyComesFromAnExistingSecret() {
        Rendered rendered = Chart.render("observability");

        var key = rendered.env().get("MODVAULT_AUTH_TOKEN_HASH_KEY").getValueFrom().getSecretKeyRef();
        assertThat(key.getName()).isEqualTo("modvault-auth");
        assertThat(key.getKey()).isEqualTo("token-hash-key");
        assertThat(rendered.properties().getProperty("modvault.auth.oidc.admin-group")).isEqualTo("modvault-admins");
        assertThat(rendered.properties().getProperty("modvault.auth.oidc.jwk-set-uri"))
                .isEqualTo("https://idp.corp.example.com/oauth2/v1/keys");
    }

    @Test
    void anInlineTokenHashKeyGoesIntoTheChartsSecretNeverTheConfigMap() {
        String value = "inline-token-hash-key-never-in-configmap-0123";
        Rendered rendered = Chart.render("defaults", Map.of("auth.tokenHashKey", value));

        var key = rendered.env().get("MODVAULT_AUTH_TOKEN_HASH_KEY").getValueFrom().getSecretKeyRef();
        assertThat(key.getName()).isEqualTo(Chart.FULLNAME);
        assertThat(rendered.one(Secret.class).getData()).containsKey("token-hash-key");
        assertThat(rendered.all(io.fabric8.kubernetes.api.model.ConfigMap.class))
                .allSatisfy(c -> assertThat(c.getData().toString()).doesNotContain(value));
        assertThat(Chart.render("defaults").env()).doesNotContainKey("MODVAULT_AUTH_TOKEN_HASH_KEY");
    }
}
