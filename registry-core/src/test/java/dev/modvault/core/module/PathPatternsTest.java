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
 * GOPRIVATE-style glob lists and the path.Match they are built on.
 *
 * <p>{@link #matchTests} is Go's {@code matchTests} table from go/src/path/match_test.go (Go 1.19, TestMatch);
 * {@link #prefixPatterns} starts with the table of TestMatchPrefixPatterns in golang.org/x/mod/module/module_test.go,
 * followed by Modvault's own cases (several globs, trailing slashes, case sensitivity, classes, escapes).
 */
class PathPatternsTest {

    private static final String BAD = "ErrBadPattern";

    static Stream<Arguments> matchTests() {
        return Stream.of(
                Arguments.of("abc", "abc", true),
                Arguments.of("*", "abc", true),
                Arguments.of("*c", "abc", true),
                Arguments.of("a*", "a", true),
                Arguments.of("a*", "abc", true),
                Arguments.of("a*", "ab/c", false),
                Arguments.of("a*/b", "abc/b", true),
                Arguments.of("a*/b", "a/c/b", false),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/f", true),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
                Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
                Arguments.of("a*b?c*x", "abxbbxdbxebxczzx", true),
                Arguments.of("a*b?c*x", "abxbbxdbxebxczzy", false),
                Arguments.of("ab[c]", "abc", true),
                Arguments.of("ab[b-d]", "abc", true),
                Arguments.of("ab[e-g]", "abc", false),
                Arguments.of("ab[^c]", "abc", false),
                Arguments.of("ab[^b-d]", "abc", false),
                Arguments.of("ab[^e-g]", "abc", true),
                Arguments.of("a\\*b", "a*b", true),
                Arguments.of("a\\*b", "ab", false),
                Arguments.of("a?b", "a\u263ab", true),
                Arguments.of("a[^a]b", "a\u263ab", true),
                Arguments.of("a???b", "a\u263ab", false),
                Arguments.of("a[^a][^a][^a]b", "a\u263ab", false),
                Arguments.of("[a-\u03b6]*", "\u03b1", true),
                Arguments.of("*[a-\u03b6]", "A", false),
                Arguments.of("a?b", "a/b", false),
                Arguments.of("a*b", "a/b", false),
                Arguments.of("[\\]a]", "]", true),
                Arguments.of("[\\-]", "-", true),
                Arguments.of("[x\\-]", "x", true),
                Arguments.of("[x\\-]", "-", true),
                Arguments.of("[x\\-]", "z", false),
                Arguments.of("[\\-x]", "x", true),
                Arguments.of("[\\-x]", "-", true),
                Arguments.of("[\\-x]", "a", false),
                Arguments.of("[]a]", "]", BAD),
                Arguments.of("[-]", "-", BAD),
                Arguments.of("[x-]", "x", BAD),
                Arguments.of("[x-]", "-", BAD),
                Arguments.of("[x-]", "z", BAD),
                Arguments.of("[-x]", "x", BAD),
                Arguments.of("[-x]", "-", BAD),
                Arguments.of("[-x]", "a", BAD),
                Arguments.of("\\", "a", BAD),
                Arguments.of("[a-b-c]", "a", BAD),
                Arguments.of("[", "a", BAD),
                Arguments.of("[^", "a", BAD),
                Arguments.of("[^bc", "a", BAD),
                Arguments.of("a[", "a", BAD),
                Arguments.of("a[", "ab", BAD),
                Arguments.of("a[", "x", BAD),
                Arguments.of("a/b[", "x", BAD),
                Arguments.of("*x", "xxx", true));
    }

    @ParameterizedTest(name = "[{index}] match({0}, {1}) = {2}")
    @MethodSource("matchTests")
    void match(String pattern, String name, Object want) {
        if (want.equals(BAD)) {
            assertThatThrownBy(() -> PathPatterns.match(pattern, name))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("syntax error in module path pattern " + PathEscaping.quote(pattern));
            assertThatThrownBy(() -> PathPatterns.parse(pattern)).isInstanceOf(InvalidRequestException.class);
        } else {
            assertThat(PathPatterns.match(pattern, name)).isEqualTo(want);
            assertThat(PathPatterns.parse(pattern).globs()).containsExactly(pattern);
        }
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' ~ {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // TestMatchPrefixPatterns (x/mod module_test.go)
        "``              | rsc.io/quote        | false",
        "/               | rsc.io/quote        | false",
        "*/quote         | rsc.io/quote        | true",
        "*/quo           | rsc.io/quote        | false",
        "*/quo??         | rsc.io/quote        | true",
        "*/quo*          | rsc.io/quote        | true",
        "*quo*           | rsc.io/quote        | false",
        "rsc.io          | rsc.io/quote        | true",
        "*.io            | rsc.io/quote        | true",
        "rsc.io/         | rsc.io/quote        | true",
        "rsc             | rsc.io/quote        | false",
        "rsc*            | rsc.io/quote        | true",
        "rsc.io          | rsc.io/quote/v3     | true",
        "*/quote         | rsc.io/quote/v3     | true",
        "*/quote/        | rsc.io/quote/v3     | true",
        "*/quote/*       | rsc.io/quote/v3     | true",
        "*/quote/*/      | rsc.io/quote/v3     | true",
        "*/v3            | rsc.io/quote/v3     | false",
        "*/*/v3          | rsc.io/quote/v3     | true",
        "*/*/*           | rsc.io/quote/v3     | true",
        "*/*/*/          | rsc.io/quote/v3     | true",
        "*/*/*           | rsc.io/quote        | false",
        "*/*/*/          | rsc.io/quote        | false",
        "*/*/*,,         | rsc.io/quote        | false",
        "*/*/*,,*/quote  | rsc.io/quote        | true",
        ",,*/quote       | rsc.io/quote        | true",
        // Modvault's own cases
        "corp.example.com                       | corp.example.com                     | true",
        "corp.example.com                       | corp.example.com/team/repo/v2        | true",
        "corp.example.com                       | corp.example.community/x             | false",
        "corp.example.com                       | notcorp.example.com/x                | false",
        "*.corp.example.com                     | git.corp.example.com/x               | true",
        "*.corp.example.com                     | corp.example.com/x                   | false",
        "*.corp.example.com                     | a.b.corp.example.com/x               | true",
        "github.com/acme                        | github.com/acme/tool                 | true",
        "github.com/acme                        | github.com/acmeinc/tool              | false",
        "github.com/acme                        | github.com                           | false",
        "github.com/acme//                      | github.com/acme/tool                 | false",
        "github.com/ACME                        | github.com/acme/tool                 | false",
        "github.com/Acme                        | github.com/Acme/tool                 | true",
        "GitHub.com                             | github.com/x                         | false",
        "github.com/a*e                         | github.com/acme/tool                 | true",
        "github.com/a*e                         | github.com/a/e                       | false",
        "github.com/*                           | github.com/acme                      | true",
        "github.com/*                           | github.com                           | false",
        "*                                      | anything.example/x/y                 | true",
        "github.com/team-[a-c]                  | github.com/team-b/x                  | true",
        "github.com/team-[a-c]                  | github.com/team-d/x                  | false",
        "github.com/team-[^a-c]                 | github.com/team-d/x                  | true",
        "github.com/v?                          | github.com/v2/x                      | true",
        "github.com/v?                          | github.com/v22/x                     | false",
        "example.com/a\\*b                       | example.com/a*b/c                    | true",
        "example.com/a\\*b                       | example.com/axb/c                    | false",
        "one.example,two.example                | two.example/m                        | true",
        "one.example,two.example                | three.example/m                      | false",
        "one.example , two.example              | two.example/m                        | false",
        "one.example/,,,two.example/            | one.example/m                        | true",
        "``                                     | ``                                   | false",
        "*                                      | ``                                   | true",
    })
    void prefixPatterns(String globs, String target, boolean want) {
        assertThat(PathPatterns.parse(globs).matches(target)).isEqualTo(want);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "corp.example.com,a[                  | a[",
        "x.io/\\                               | x.io/\\",
        "ok.example,[-x],also.ok              | [-x]",
        "*[                                    | *[",
        "github.com/acme/[^                   | github.com/acme/[^",
    })
    void parseRejectsBadGlobs(String globs, String badGlob) {
        assertThatThrownBy(() -> PathPatterns.parse(globs))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("syntax error in module path pattern " + PathEscaping.quote(badGlob));
    }

    @Test
    void parseNormalises() {
        PathPatterns p = PathPatterns.parse(",corp.example.com/,,*.internal//,");
        assertThat(p.globs()).containsExactly("corp.example.com", "*.internal/");
        assertThat(p.toString()).isEqualTo("corp.example.com,*.internal/");
        assertThat(p.isEmpty()).isFalse();
        assertThat(PathPatterns.parse(null).isEmpty()).isTrue();
        assertThat(PathPatterns.parse(",,/,").isEmpty()).isTrue();
        assertThat(PathPatterns.parse(null).matches("corp.example.com")).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"x.io/a\u0000[", "x.io/\n[" })
    void badGlobMessageHasNoControlCharacters(String glob) {
        assertThatThrownBy(() -> PathPatterns.parse(glob))
                .satisfies(e -> assertThat(e.getMessage().chars()).noneMatch(Character::isISOControl));
    }
}
