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

/**
 * Module path validation, major-version splitting and version admission.
 *
 * <p>Cases come from golang.org/x/mod/module/module_test.go: {@code checkPathTests} (TestCheckPath, all three
 * columns: module, import and file path rules), {@code checkTests} (TestCheck), {@code splitPathVersionTests}
 * (TestSplitPathVersion) and the table of TestMatchPathMajor. The Go case {@code "x.y/\xFFz"} (invalid UTF-8) is
 * represented by an unpaired surrogate, Java's equivalent of ill-formed text.
 */
class ModulePathTest {

    static Stream<Arguments> checkPathTests() {
        return Stream.of(
                Arguments.of("x.y/z", true, true, true),
                Arguments.of("x.y", true, true, true),
                Arguments.of("", false, false, false),
                Arguments.of("x.y/\uD800z", false, false, false),
                Arguments.of("/x.y/z", false, false, false),
                Arguments.of("x./z", false, false, false),
                Arguments.of(".x/z", false, true, true),
                Arguments.of("-x/z", false, false, true),
                Arguments.of("x..y/z", true, true, true),
                Arguments.of("x.y/z/../../w", false, false, false),
                Arguments.of("x.y//z", false, false, false),
                Arguments.of("x.y/z//w", false, false, false),
                Arguments.of("x.y/z/", false, false, false),
                Arguments.of("x.y/z/v0", false, true, true),
                Arguments.of("x.y/z/v1", false, true, true),
                Arguments.of("x.y/z/v2", true, true, true),
                Arguments.of("x.y/z/v2.0", false, true, true),
                Arguments.of("X.y/z", false, true, true),
                Arguments.of("!x.y/z", false, false, true),
                Arguments.of("_x.y/z", false, true, true),
                Arguments.of("x.y!/z", false, false, true),
                Arguments.of("x.y\"/z", false, false, false),
                Arguments.of("x.y#/z", false, false, true),
                Arguments.of("x.y$/z", false, false, true),
                Arguments.of("x.y%/z", false, false, true),
                Arguments.of("x.y&/z", false, false, true),
                Arguments.of("x.y'/z", false, false, false),
                Arguments.of("x.y(/z", false, false, true),
                Arguments.of("x.y)/z", false, false, true),
                Arguments.of("x.y*/z", false, false, false),
                Arguments.of("x.y+/z", false, true, true),
                Arguments.of("x.y,/z", false, false, true),
                Arguments.of("x.y-/z", true, true, true),
                Arguments.of("x.y./zt", false, false, false),
                Arguments.of("x.y:/z", false, false, false),
                Arguments.of("x.y;/z", false, false, false),
                Arguments.of("x.y</z", false, false, false),
                Arguments.of("x.y=/z", false, false, true),
                Arguments.of("x.y>/z", false, false, false),
                Arguments.of("x.y?/z", false, false, false),
                Arguments.of("x.y@/z", false, false, true),
                Arguments.of("x.y[/z", false, false, true),
                Arguments.of("x.y\\/z", false, false, false),
                Arguments.of("x.y]/z", false, false, true),
                Arguments.of("x.y^/z", false, false, true),
                Arguments.of("x.y_/z", false, true, true),
                Arguments.of("x.y`/z", false, false, false),
                Arguments.of("x.y{/z", false, false, true),
                Arguments.of("x.y}/z", false, false, true),
                Arguments.of("x.y~/z", false, true, true),
                Arguments.of("x.y/z!", false, false, true),
                Arguments.of("x.y/z\"", false, false, false),
                Arguments.of("x.y/z#", false, false, true),
                Arguments.of("x.y/z$", false, false, true),
                Arguments.of("x.y/z%", false, false, true),
                Arguments.of("x.y/z&", false, false, true),
                Arguments.of("x.y/z'", false, false, false),
                Arguments.of("x.y/z(", false, false, true),
                Arguments.of("x.y/z)", false, false, true),
                Arguments.of("x.y/z*", false, false, false),
                Arguments.of("x.y/z++", false, true, true),
                Arguments.of("x.y/z,", false, false, true),
                Arguments.of("x.y/z-", true, true, true),
                Arguments.of("x.y/z.t", true, true, true),
                Arguments.of("x.y/z/t", true, true, true),
                Arguments.of("x.y/z:", false, false, false),
                Arguments.of("x.y/z;", false, false, false),
                Arguments.of("x.y/z<", false, false, false),
                Arguments.of("x.y/z=", false, false, true),
                Arguments.of("x.y/z>", false, false, false),
                Arguments.of("x.y/z?", false, false, false),
                Arguments.of("x.y/z@", false, false, true),
                Arguments.of("x.y/z[", false, false, true),
                Arguments.of("x.y/z\\", false, false, false),
                Arguments.of("x.y/z]", false, false, true),
                Arguments.of("x.y/z^", false, false, true),
                Arguments.of("x.y/z_", true, true, true),
                Arguments.of("x.y/z`", false, false, false),
                Arguments.of("x.y/z{", false, false, true),
                Arguments.of("x.y/z}", false, false, true),
                Arguments.of("x.y/z~", true, true, true),
                Arguments.of("x.y/x.foo", true, true, true),
                Arguments.of("x.y/aux.foo", false, false, false),
                Arguments.of("x.y/prn", false, false, false),
                Arguments.of("x.y/prn2", true, true, true),
                Arguments.of("x.y/com", true, true, true),
                Arguments.of("x.y/com1", false, false, false),
                Arguments.of("x.y/com1.txt", false, false, false),
                Arguments.of("x.y/calm1", true, true, true),
                Arguments.of("x.y/z~", true, true, true),
                Arguments.of("x.y/z~0", false, false, true),
                Arguments.of("x.y/z~09", false, false, true),
                Arguments.of("x.y/z09", true, true, true),
                Arguments.of("x.y/z09~", true, true, true),
                Arguments.of("x.y/z09~09z", true, true, true),
                Arguments.of("x.y/z09~09z~09", false, false, true),
                Arguments.of("github.com/!123/logrus", false, false, true),
                Arguments.of("github.com/user/unicode/испытание", false, false, true),
                Arguments.of("../x", false, false, false),
                Arguments.of("./y", false, false, false),
                Arguments.of("x:y", false, false, false),
                Arguments.of("\\temp\\foo", false, false, false),
                Arguments.of(".gitignore", false, true, true),
                Arguments.of(".github/ISSUE_TEMPLATE", false, true, true),
                Arguments.of("x☺y", false, false, false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("checkPathTests")
    void checkPath(String path, boolean ok, boolean importOK, boolean fileOK) {
        if (ok) {
            assertThat(ModulePath.of(path).value()).isEqualTo(path);
        } else {
            assertThatThrownBy(() -> ModulePath.of(path))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("malformed module path ");
        }
        assertThat(ModulePath.checkPath(path, ModulePath.Kind.IMPORT)).as("import path rules").matches(
                reason -> (reason == null) == importOK, importOK ? "valid" : "invalid");
        assertThat(ModulePath.checkPath(path, ModulePath.Kind.FILE)).as("file path rules").matches(
                reason -> (reason == null) == fileOK, fileOK ? "valid" : "invalid");
    }

    /** From TestSplitPathVersion's second loop: whatever the verdict, the two parts add up to the input. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("checkPathTests")
    void splitPathVersionPartsAddUp(String path) {
        ModulePath.Split split = ModulePath.splitPathVersion(path);
        assertThat(split.prefix() + split.pathMajor()).isEqualTo(path);
    }

    @ParameterizedTest(name = "[{index}] {0}{1}")
    @CsvSource(nullValues = "NONE", value = {
        "x.y/z,         ''",
        "x.y/z,         /v2",
        "x.y/z,         /v3",
        "x.y/v,         ''",
        "gopkg.in/yaml, .v0",
        "gopkg.in/yaml, .v1",
        "gopkg.in/yaml, .v2",
        "gopkg.in/yaml, .v3",
    })
    void splitPathVersion(String prefix, String pathMajor) {
        ModulePath.Split split = ModulePath.splitPathVersion(prefix + pathMajor);
        assertThat(split).isEqualTo(new ModulePath.Split(prefix, pathMajor, true));
        assertThat(ModulePath.of(prefix + pathMajor).pathMajor()).isEqualTo(pathMajor);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
        "x.y/z/v1,                 false",
        "x.y/z/v0,                 false",
        "x.y/z/v02,                false",
        "x.y/z/v2.0,               false",
        "gopkg.in/yaml,            false",
        "gopkg.in/yaml.v01,        false",
        "gopkg.in/yaml.v2-unstable, true",
        "x.y/z/v10,                true",
    })
    void splitPathVersionOk(String path, boolean ok) {
        assertThat(ModulePath.splitPathVersion(path).ok()).isEqualTo(ok);
    }

    @Test
    void gopkgInUnstableKeepsSuffixInPathMajor() {
        assertThat(ModulePath.of("gopkg.in/yaml.v2-unstable").pathMajor()).isEqualTo(".v2-unstable");
    }

    @ParameterizedTest(name = "[{index}] {0}@{1} -> {2}")
    @CsvSource({
        "rsc.io/quote,               0.1.0,                               false",
        "rsc io/quote,               v1.0.0,                              false",
        "github.com/go-yaml/yaml,    v0.8.0,                              true",
        "github.com/go-yaml/yaml,    v1.0.0,                              true",
        "github.com/go-yaml/yaml,    v2.0.0,                              false",
        "github.com/go-yaml/yaml,    v2.1.5,                              false",
        "github.com/go-yaml/yaml,    v3.0.0,                              false",
        "github.com/go-yaml/yaml/v2, v1.0.0,                              false",
        "github.com/go-yaml/yaml/v2, v2.0.0,                              true",
        "github.com/go-yaml/yaml/v2, v2.1.5,                              true",
        "github.com/go-yaml/yaml/v2, v3.0.0,                              false",
        "gopkg.in/yaml.v0,           v0.8.0,                              true",
        "gopkg.in/yaml.v0,           v1.0.0,                              false",
        "gopkg.in/yaml.v0,           v2.0.0,                              false",
        "gopkg.in/yaml.v0,           v2.1.5,                              false",
        "gopkg.in/yaml.v0,           v3.0.0,                              false",
        "gopkg.in/yaml.v1,           v0.8.0,                              false",
        "gopkg.in/yaml.v1,           v1.0.0,                              true",
        "gopkg.in/yaml.v1,           v2.0.0,                              false",
        "gopkg.in/yaml.v1,           v2.1.5,                              false",
        "gopkg.in/yaml.v1,           v3.0.0,                              false",
        "gopkg.in/check.v1,          v0.0.0,                              false",
        "gopkg.in/check.v1,          v0.0.0-20160102150405-abcdef123456,  true",
        "gopkg.in/yaml.v2,           v1.0.0,                              false",
        "gopkg.in/yaml.v2,           v2.0.0,                              true",
        "gopkg.in/yaml.v2,           v2.1.5,                              true",
        "gopkg.in/yaml.v2,           v3.0.0,                              false",
        "rsc.io/quote,               v17.0.0,                             false",
        "rsc.io/quote,               v17.0.0+incompatible,                true",
    })
    void check(String path, String version, boolean ok) {
        // module.Check = CheckPath + semver validity + CheckPathMajor; here of() + Version.of() + admits().
        boolean admitted;
        try {
            admitted = ModulePath.of(path).admits(Version.of(version));
        } catch (InvalidRequestException e) {
            admitted = false;
        }
        assertThat(admitted).isEqualTo(ok);
    }

    @ParameterizedTest(name = "[{index}] {0} vs ''{1}'' -> {2}")
    @CsvSource({
        "v0.0.0,                             '',           true",
        "v0.0.0,                             /v2,          false",
        "v0.0.0,                             .v0,          true",
        "v0.0.0-20190510104115-cbcb75029529, .v1,          true",
        "v1.0.0,                             /v2,          false",
        "v1.0.0,                             .v1,          true",
        "v1.0.0,                             .v1-unstable, true",
        "v2.0.0+incompatible,                '',           true",
        "v2.0.0,                             '',           false",
        "v2.0.0,                             /v2,          true",
        "v2.0.0,                             .v2,          true",
    })
    void checkPathMajor(String version, String pathMajor, boolean ok) {
        assertThat(ModulePath.checkPathMajor(version, pathMajor) == null).isEqualTo(ok);
    }

    @Test
    void checkPathMajorReason() {
        assertThat(ModulePath.checkPathMajor("v2.0.0", "")).isEqualTo("should be v0 or v1, not v2");
        assertThat(ModulePath.checkPathMajor("v3.1.0", "/v2")).isEqualTo("should be v2, not v3");
    }

    /** The Modvault rule on top of CheckPathMajor: +incompatible needs an unsuffixed path and major >= v2. */
    @ParameterizedTest(name = "[{index}] {0}@{1} -> {2}")
    @CsvSource({
        "example.com/m,      v2.0.0+incompatible, true",
        "example.com/m,      v1.0.0+incompatible, false",
        "example.com/m,      v0.1.0+incompatible, false",
        "example.com/m/v2,   v2.0.0+incompatible, false",
        "gopkg.in/yaml.v2,   v2.0.0+incompatible, false",
        "example.com/m,      v2.0.1-0.20060102150405-abcdef123456+incompatible, true",
        "gopkg.in/yaml.v1-unstable, v1.2.0,        true",
        "gopkg.in/yaml.v1-unstable, v2.0.0,        false",
    })
    void admitsIncompatible(String path, String version, boolean ok) {
        assertThat(ModulePath.of(path).admits(Version.of(version))).isEqualTo(ok);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "foo              | malformed module path \"foo\": missing dot in first path element",
        "``               | malformed module path \"\": empty string",
        "-x.y/z           | malformed module path \"-x.y/z\": leading dash",
        "Example.com/z    | malformed module path \"Example.com/z\": invalid char 'E' in first path element",
        "x.y/z/v1         | malformed module path \"x.y/z/v1\": invalid version",
        "x.y/.git         | malformed module path \"x.y/.git\": leading dot in path element",
        "x.y/..           | malformed module path \"x.y/..\": invalid path element \"..\"",
        "x.y/z.           | malformed module path \"x.y/z.\": trailing dot in path element",
        "x.y/COM1.txt     | malformed module path \"x.y/COM1.txt\": \"COM1\" disallowed as path element component on Windows",
        "x.y/PROGRA~1     | malformed module path \"x.y/PROGRA~1\": trailing tilde and digits in path element",
        "x.y/a b          | malformed module path \"x.y/a b\": invalid char ' '",
        "x.y/a\"b         | malformed module path \"x.y/a\\\"b\": invalid char '\"'",
        "x.y/a'b          | malformed module path \"x.y/a'b\": invalid char '\\''",
        "/x.y             | malformed module path \"/x.y\": empty path element",
        "x.y/             | malformed module path \"x.y/\": trailing slash",
        "x.y//z           | malformed module path \"x.y//z\": double slash",
    })
    void messages(String path, String message) {
        assertThatThrownBy(() -> ModulePath.of(path)).isInstanceOf(InvalidRequestException.class)
                .hasMessage(message);
    }

    @Test
    void controlCharactersAreQuotedNotEchoed() {
        assertThatThrownBy(() -> ModulePath.of("x.y/a\u0000b\nc"))
                .hasMessage("malformed module path \"x.y/a\\x00b\\nc\": invalid char '\\x00'");
        assertThatThrownBy(() -> ModulePath.of("x.y/\u202Eevil"))
                .hasMessage("malformed module path \"x.y/\\u202eevil\": invalid char '\\u202e'");
        assertThatThrownBy(() -> ModulePath.of("x.y/\uD800z"))
                .hasMessage("malformed module path \"x.y/\\ud800z\": invalid UTF-8");
    }

    @Test
    void longInputIsTruncatedInMessages() {
        String path = "x.y/" + "\u0001".repeat(5000);
        assertThatThrownBy(() -> ModulePath.of(path))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(200).doesNotContain("\u0001")
                            .startsWith("malformed module path \"x.y/\\x01").contains("\"...");
                    assertThat(e.getMessage().chars()).noneMatch(Character::isISOControl);
                });
        String dots = "x.y/" + ".".repeat(1000);
        assertThatThrownBy(() -> ModulePath.fromEscaped(dots))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(200));
    }

    @Test
    void rejectsPathsLongerThan2048() {
        String ok = "x.y/" + "a".repeat(2044);
        assertThat(ModulePath.of(ok).value()).hasSize(2048);
        assertThatThrownBy(() -> ModulePath.of(ok + "a"))
                .hasMessageEndingWith(": path too long (2049 characters, at most 2048)");
    }

    @Test
    void escapedFormAndEquality() {
        ModulePath p = ModulePath.of("github.com/Azure/azure-sdk");
        assertThat(p.escaped()).isEqualTo("github.com/!azure/azure-sdk");
        assertThat(ModulePath.fromEscaped("github.com/!azure/azure-sdk")).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(p).isNotEqualTo(ModulePath.of("github.com/azure/azure-sdk"));
        assertThat(p.toString()).isEqualTo("github.com/Azure/azure-sdk");
        assertThat(ModulePath.of("a.b/x").compareTo(ModulePath.of("a.b/y"))).isNegative();
    }
}
