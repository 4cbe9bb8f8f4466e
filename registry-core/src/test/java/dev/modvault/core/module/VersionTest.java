package dev.modvault.core.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The canonical {@link Version} value type.
 *
 * <p>Acceptance is derived from golang.org/x/mod/semver/semver_test.go's {@code tests} table (an input is accepted
 * exactly when it equals its canonical form) plus module.CanonicalVersion's "+incompatible" rule; pseudo-version
 * cases are from golang.org/x/mod/module/pseudo_test.go's {@code pseudoTests}.
 */
class VersionTest {

    static Stream<Arguments> semverTests() {
        return SemverTest.tests();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("semverTests")
    void acceptsExactlyCanonicalVersions(String in, String canonical) {
        boolean accept = in.equals(canonical);
        assertThat(Version.isCanonical(in)).isEqualTo(accept);
        if (accept) {
            assertThat(Version.of(in).value()).isEqualTo(in);
        } else {
            assertThatThrownBy(() -> Version.of(in)).isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("version \"" + in + "\"");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "v1.2                 | version \"v1.2\" is not canonical",
        "v1.2.3+meta          | version \"v1.2.3+meta\" is not canonical",
        "v1.2.3+incompatible.x | version \"v1.2.3+incompatible.x\" is not canonical",
        "1.2.3                | version \"1.2.3\" invalid: not a semantic version",
        "``                   | version \"\" invalid: not a semantic version",
    })
    void rejectionMessages(String in, String message) {
        assertThatThrownBy(() -> Version.of(in)).isInstanceOf(InvalidRequestException.class).hasMessage(message);
    }

    @Test
    void controlCharactersAreQuoted() {
        assertThatThrownBy(() -> Version.of("v1.0.0\u0000\r\n"))
                .hasMessage("version \"v1.0.0\\x00\\r\\n\" invalid: not a semantic version");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"v2.0.0+incompatible", "v1.0.0+incompatible", "v2.0.1-0.20060102150405-hash+incompatible"})
    void incompatibleIsTheOnlyBuildSuffixKept(String v) {
        Version version = Version.of(v);
        assertThat(version.isIncompatible()).isTrue();
        assertThat(version.value()).isEqualTo(v);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "v0.0.0-20060102150405-hash,                      v0, true,  true,  false",
        "v1.2.4-0.20060102150405-hash,                    v1, true,  true,  false",
        "v1.2.3-pre.0.20060102150405-hash,                v1, true,  true,  false",
        "v2.3.0-pre.0.20060102150405-hash+incompatible,   v2, true,  true,  true",
        "v1.2.3,                                          v1, false, false, false",
        "v1.2.3-pre,                                      v1, false, true,  false",
        "v17.0.0+incompatible,                            v17, false, false, true",
    })
    void properties(String v, String major, boolean pseudo, boolean prerelease, boolean incompatible) {
        Version version = Version.of(v);
        assertThat(version.major()).isEqualTo(major);
        assertThat(version.isPseudo()).isEqualTo(pseudo);
        assertThat(version.isPrerelease()).isEqualTo(prerelease);
        assertThat(version.isIncompatible()).isEqualTo(incompatible);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "v1.2.3,        v1.2.3",
        "v1.0.0-RC1,    v1.0.0-!r!c1",
        "v1.0.0-Beta.X, v1.0.0-!beta.!x",
    })
    void escaping(String v, String escaped) {
        assertThat(Version.of(v).escaped()).isEqualTo(escaped);
        assertThat(Version.fromEscaped(escaped)).isEqualTo(Version.of(v));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"v1.0.0-RC1", "v1.0.0-!!", "v1.0.0!", "v1.2", "!v1.0.0"})
    void fromEscapedRejects(String escaped) {
        assertThatThrownBy(() -> Version.fromEscaped(escaped)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void orderingFollowsPrecedenceWithStringTieBreak() {
        List<String> ordered = List.of(
                "v0.0.0-20060102150405-hash",
                "v0.0.0",
                "v0.0.1-0.20060102150405-hash",
                "v1.0.0-alpha",
                "v1.0.0-alpha.1",
                "v1.0.0-beta.2",
                "v1.0.0-beta.11",
                "v1.0.0-rc.1",
                "v1.0.0",
                "v1.0.0+incompatible",
                "v1.2.4-0.20060102150405-hash",
                "v2.0.0",
                "v2.0.0+incompatible",
                "v10.0.0");
        List<Version> shuffled = new ArrayList<>(ordered.stream().map(Version::of).toList());
        Collections.shuffle(shuffled, new Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(Version::value).containsExactlyElementsOf(ordered);
    }

    @Test
    void compareToAgreesWithEquals() {
        Version a = Version.of("v2.0.0");
        Version b = Version.of("v2.0.0+incompatible");
        assertThat(a.compareTo(b)).isNegative();
        assertThat(b.compareTo(a)).isPositive();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.compareTo(Version.of("v2.0.0"))).isZero();
        assertThat(a).isEqualTo(Version.of("v2.0.0")).hasSameHashCodeAs(Version.of("v2.0.0"));
        assertThat(a.toString()).isEqualTo("v2.0.0");
    }
}
