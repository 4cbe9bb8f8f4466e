package dev.modvault.core.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.error.InvalidRequestException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Case escaping of module paths and versions.
 *
 * <p>Cases come from golang.org/x/mod/module/module_test.go: {@code escapeTests} (TestEscapePath, TestUnescapePath),
 * {@code badUnescape} (TestUnescapePath), and the invalid entries of {@code checkPathTests}, which both EscapePath and
 * UnescapePath must reject. module_test.go has no version table; the version cases below are Modvault's own.
 */
class PathEscapingTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789, ascii.com/abcdefghijklmnopqrstuvwxyz.-/~_0123456789",
        "github.com/GoogleCloudPlatform/omega,                github.com/!google!cloud!platform/omega",
        "github.com/Azure/azure-sdk-for-go,                   github.com/!azure/azure-sdk-for-go",
        "github.com/Sirupsen/logrus,                          github.com/!sirupsen/logrus",
    })
    void escapeAndUnescapePath(String path, String escaped) {
        assertThat(PathEscaping.escapePath(path)).isEqualTo(escaped);
        assertThat(PathEscaping.unescapePath(escaped)).isEqualTo(path);
        assertThat(ModulePath.of(path).escaped()).isEqualTo(escaped);
        assertThat(ModulePath.fromEscaped(escaped).value()).isEqualTo(path);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "github.com/GoogleCloudPlatform/omega",
        "github.com/!google!cloud!platform!/omega",
        "github.com/!0google!cloud!platform/omega",
        "github.com/!_google!cloud!platform/omega",
        "github.com/!!google!cloud!platform/omega",
        "",
        "github.com/!google!cloud!platform/omega!",
        "github.com/\u00e9/omega",
    })
    void badUnescape(String escaped) {
        assertThatThrownBy(() -> PathEscaping.unescapePath(escaped))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("invalid escaped module path ");
        assertThatThrownBy(() -> ModulePath.fromEscaped(escaped)).isInstanceOf(InvalidRequestException.class);
    }

    static Stream<Arguments> invalidPaths() {
        return ModulePathTest.checkPathTests().filter(a -> !(Boolean) a.get()[1]).map(a -> Arguments.of(a.get()[0]));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidPaths")
    void invalidPathsCannotBeEscapedOrUnescaped(String path) {
        assertThatThrownBy(() -> PathEscaping.escapePath(path))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("malformed module path ");
        assertThatThrownBy(() -> PathEscaping.unescapePath(path))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("invalid escaped module path ");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "!!x                 | invalid escaped module path \"!!x\": '!' must be followed by a lower-case letter, not '!'",
        "x.y/A               | invalid escaped module path \"x.y/A\": upper-case letter 'A' must be escaped",
        "x.y/a!              | invalid escaped module path \"x.y/a!\": trailing '!'",
        "x.y/!a/v1           | invalid escaped module path \"x.y/!a/v1\": malformed module path \"x.y/A/v1\": invalid version",
        "!x.y/z              | invalid escaped module path \"!x.y/z\": malformed module path \"X.y/z\": invalid char 'X' in first path element",
    })
    void unescapePathMessages(String escaped, String message) {
        assertThatThrownBy(() -> PathEscaping.unescapePath(escaped)).hasMessage(message);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "v1.2.3,                     v1.2.3",
        "v1.0.0-RC1,                 v1.0.0-!r!c1",
        "v2.0.0+incompatible,        v2.0.0+incompatible",
        "master,                     master",
        "Feature-Branch,             !feature-!branch",
    })
    void escapeAndUnescapeVersion(String version, String escaped) {
        assertThat(PathEscaping.escapeVersion(version)).isEqualTo(escaped);
        assertThat(PathEscaping.unescapeVersion(escaped)).isEqualTo(version);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "v1!", "a/b", "..", "v1.", "con", "a*b", "v\u00e9", "v1\u0000"})
    void disallowedVersionStrings(String version) {
        assertThatThrownBy(() -> PathEscaping.escapeVersion(version))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageEndingWith(" invalid: disallowed version string");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "v1.0.0-RC1   | invalid escaped version \"v1.0.0-RC1\": upper-case letter 'R' must be escaped",
        "v1.0.0-!1    | invalid escaped version \"v1.0.0-!1\": '!' must be followed by a lower-case letter, not '1'",
        "v1.0.0!      | invalid escaped version \"v1.0.0!\": trailing '!'",
        "v1/x         | invalid escaped version \"v1/x\": invalid char '/'",
        "``           | invalid escaped version \"\": empty path element",
        "!nul.x       | invalid escaped version \"Nul.x\": \"Nul\" disallowed as path element component on Windows",
    })
    void unescapeVersionMessages(String escaped, String message) {
        assertThatThrownBy(() -> PathEscaping.unescapeVersion(escaped)).hasMessage(message);
    }

    @Test
    void quoteFollowsGoPercentQ() {
        assertThat(PathEscaping.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(PathEscaping.quote("\u0007\b\f\n\r\t\u000b\u007f")).isEqualTo("\"\\a\\b\\f\\n\\r\\t\\v\\x7f\"");
        assertThat(PathEscaping.quote("\u0085\u2028\u00a0")).isEqualTo("\"\\u0085\\u2028\\u00a0\"");
        assertThat(PathEscaping.quote("\uDB40\uDC01")).isEqualTo("\"\\U000e0001\""); // a format character
        assertThat(PathEscaping.quote("h\u00e9 \u263a")).isEqualTo("\"h\u00e9 \u263a\"");
        assertThat(PathEscaping.quoteRune('\'')).isEqualTo("'\\''");
        assertThat(PathEscaping.quoteRune('"')).isEqualTo("'\"'");
        assertThat(PathEscaping.quote("x".repeat(100))).isEqualTo("\"" + "x".repeat(40) + "\"...");
    }

    @Test
    void messagesAreCapped() {
        String message = PathEscaping.invalid("m".repeat(500)).getMessage();
        assertThat(message).hasSize(PathEscaping.MAX_MESSAGE_LENGTH).endsWith("...");
        assertThat(PathEscaping.invalid("short").getMessage()).isEqualTo("short");
    }
}
