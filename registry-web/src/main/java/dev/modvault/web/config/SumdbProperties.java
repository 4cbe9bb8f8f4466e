package dev.modvault.web.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The checksum databases Modvault verifies public modules against and proxies for clients under
 * {@code /sumdb/<name>/}. docs/configuration.md and docs/checksums.md describe them.
 *
 * @param databases each a verifier key in the GOSUMDB form {@code name+hash+key}, optionally followed by a space and
 *                  the database's URL; without a URL the database is reached through the first upstream proxy's
 *                  {@code /sumdb/<name>/}
 * @param verify    whether fetched {@code .mod} and {@code .zip} files of public modules must match the databases
 *                  before they are cached
 */
@ConfigurationProperties("modvault.sumdb")
public record SumdbProperties(
        @DefaultValue("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 https://sum.golang.org")
        List<String> databases,
        @DefaultValue("true") boolean verify) {
}
