package dev.modvault.core.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.error.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pseudo-versions.
 *
 * <p>Cases come from golang.org/x/mod/module/pseudo_test.go: {@code pseudoTests} (TestPseudoVersion,
 * TestIsPseudoVersion, TestPseudoVersionTime, TestPseudoVersionRev, TestPseudoVersionBase), the inputs of
 * TestInvalidPseudoVersionBase and TestInvalidPseudoVersionTime, and the TestIncDecimal / TestDecDecimal tables.
 */
class PseudoVersionTest {

    private static final Instant PSEUDO_TIME = Instant.parse("2006-01-02T15:04:05Z");

    /** pseudoTests: major, older tag, expected pseudo-version (revision "hash", time PSEUDO_TIME). */
    private static final String PSEUDO_TESTS = """
            '',     '',                       v0.0.0-20060102150405-hash
            v0,     '',                       v0.0.0-20060102150405-hash
            v1,     '',                       v1.0.0-20060102150405-hash
            v2,     '',                       v2.0.0-20060102150405-hash
            unused, v0.0.0,                   v0.0.1-0.20060102150405-hash
            unused, v1.2.3,                   v1.2.4-0.20060102150405-hash
            unused, v1.2.99999999999999999,   v1.2.100000000000000000-0.20060102150405-hash
            unused, v1.2.3-pre,               v1.2.3-pre.0.20060102150405-hash
            unused, v1.3.0-pre,               v1.3.0-pre.0.20060102150405-hash
            unused, v0.0.0--,                 v0.0.0--.0.20060102150405-hash
            unused, v1.0.0+metadata,          v1.0.1-0.20060102150405-hash+metadata
            unused, v2.0.0+incompatible,      v2.0.1-0.20060102150405-hash+incompatible
            unused, v2.3.0-pre+incompatible,  v2.3.0-pre.0.20060102150405-hash+incompatible
            """;

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(textBlock = PSEUDO_TESTS)
    void build(String major, String older, String version) {
        assertThat(PseudoVersion.build(older, PSEUDO_TIME, "hash", major)).isEqualTo(version);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(textBlock = PSEUDO_TESTS)
    void isPseudo(String major, String older, String version) {
        assertThat(PseudoVersion.isPseudo(version)).isTrue();
        assertThat(PseudoVersion.isPseudo(older)).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(textBlock = PSEUDO_TESTS)
    void timeAndRev(String major, String older, String version) {
        assertThat(PseudoVersion.time(version)).isEqualTo(PSEUDO_TIME);
        assertThat(PseudoVersion.rev(version)).isEqualTo("hash");
        assertThatThrownBy(() -> PseudoVersion.time(older)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> PseudoVersion.rev(older)).isInstanceOf(InvalidRequestException.class);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(textBlock = PSEUDO_TESTS)
    void base(String major, String older, String version) {
        assertThat(PseudoVersion.base(version)).isEqualTo(older);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "v0.0.0",
        "v0.0.0-",                                 // malformed: empty pre-release
        "v0.0.0-0.20060102150405-hash",            // Z+1 == 0
        "v0.1.0-0.20060102150405-hash",            // Z+1 == 0
        "v1.0.0-0.20060102150405-hash",            // Z+1 == 0
        "v0.0.0-20060102150405-hash+incompatible", // +incompatible without a base version
        "v0.0.0-20060102150405-hash+metadata",     // other metadata without a base version
    })
    void invalidBase(String v) {
        assertThatThrownBy(() -> PseudoVersion.base(v))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("pseudo-version \"" + v + "\" invalid: ");
    }

    @Test
    void invalidBaseMessages() {
        assertThatThrownBy(() -> PseudoVersion.base("v1.0.0-0.20060102150405-hash"))
                .hasMessage("pseudo-version \"v1.0.0-0.20060102150405-hash\" invalid: "
                        + "version before v1.0.0 would have negative patch number");
        assertThatThrownBy(() -> PseudoVersion.base("v0.0.0-20060102150405-hash+incompatible"))
                .hasMessage("pseudo-version \"v0.0.0-20060102150405-hash+incompatible\" invalid: "
                        + "lacks base version, but has build metadata \"+incompatible\"");
        assertThatThrownBy(() -> PseudoVersion.base("v1.2.3"))
                .hasMessage("pseudo-version \"v1.2.3\" invalid: syntax error");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"---", "v0.0.0-20061302150405-hash", "v0.0.0-20060230150405-hash",
                            "v0.0.0-20060102240405-hash", "v0.0.0-20060102156005-hash"})
    void invalidTime(String v) {
        assertThatThrownBy(() -> PseudoVersion.time(v)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void malformedTimeMessage() {
        assertThatThrownBy(() -> PseudoVersion.time("v0.0.0-20061302150405-hash"))
                .hasMessage("pseudo-version \"v0.0.0-20061302150405-hash\" invalid: malformed time \"20061302150405\"");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"v1.2.3", "v1.2.3-pre", "v1.2.3-20060102150405-hash", "v0.0.0-2006010215040-hash",
                            "v0.0.0-20060102150405-", "v0.0.0-20060102150405-ha_sh", "v1.2.3-1.20060102150405-hash",
                            "v1.0.0-20060102150405-hash.x"})
    void notPseudo(String v) {
        assertThat(PseudoVersion.isPseudo(v)).isFalse();
    }

    @Test
    void buildDropsSubSecondsAndUsesUtc() {
        Instant t = Instant.parse("2024-02-29T23:59:59.987654321Z");
        String v = PseudoVersion.build("v1.4.2", t, "0123456789ab", "v1");
        assertThat(v).isEqualTo("v1.4.3-0.20240229235959-0123456789ab");
        assertThat(PseudoVersion.time(v)).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
        assertThat(PseudoVersion.build("not-a-version", Instant.EPOCH, "abc", "v3"))
                .isEqualTo("v3.0.0-19700101000000-abc");
        // module.ZeroPseudoVersion
        assertThat(PseudoVersion.build("", Instant.parse("0001-01-01T00:00:00Z"), "000000000000", "v0"))
                .isEqualTo("v0.0.0-00010101000000-000000000000");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"0, 1", "1, 2", "99, 100", "100, 101", "101, 102"})
    void incDecimal(String in, String want) {
        assertThat(PseudoVersion.incDecimal(in)).isEqualTo(want);
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource({"'', ''", "0, ''", "00, ''", "1, 0", "2, 1", "99, 98", "100, 99", "101, 100"})
    void decDecimal(String in, String want) {
        assertThat(PseudoVersion.decDecimal(in)).isEqualTo(want);
    }
}
