package dev.modvault.core.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Semantic version parsing and precedence.
 *
 * <p>The {@code TESTS} table is golang.org/x/mod/semver/semver_test.go's {@code tests} (input, canonical form or ""
 * when invalid), in ascending precedence order; TestIsValid, TestCanonical, TestMajor, TestMajorMinor,
 * TestPrerelease, TestBuild, TestCompare and TestSort derive their expectations from it exactly as below.
 */
class SemverTest {

    static final String[][] TESTS = {
        {"bad", ""},
        {"v1-alpha.beta.gamma", ""},
        {"v1-pre", ""},
        {"v1+meta", ""},
        {"v1-pre+meta", ""},
        {"v1.2-pre", ""},
        {"v1.2+meta", ""},
        {"v1.2-pre+meta", ""},
        {"v1.0.0-alpha", "v1.0.0-alpha"},
        {"v1.0.0-alpha.1", "v1.0.0-alpha.1"},
        {"v1.0.0-alpha.beta", "v1.0.0-alpha.beta"},
        {"v1.0.0-beta", "v1.0.0-beta"},
        {"v1.0.0-beta.2", "v1.0.0-beta.2"},
        {"v1.0.0-beta.11", "v1.0.0-beta.11"},
        {"v1.0.0-rc.1", "v1.0.0-rc.1"},
        {"v1", "v1.0.0"},
        {"v1.0", "v1.0.0"},
        {"v1.0.0", "v1.0.0"},
        {"v1.2", "v1.2.0"},
        {"v1.2.0", "v1.2.0"},
        {"v1.2.3-456", "v1.2.3-456"},
        {"v1.2.3-456.789", "v1.2.3-456.789"},
        {"v1.2.3-456-789", "v1.2.3-456-789"},
        {"v1.2.3-456a", "v1.2.3-456a"},
        {"v1.2.3-pre", "v1.2.3-pre"},
        {"v1.2.3-pre+meta", "v1.2.3-pre"},
        {"v1.2.3-pre.1", "v1.2.3-pre.1"},
        {"v1.2.3-zzz", "v1.2.3-zzz"},
        {"v1.2.3", "v1.2.3"},
        {"v1.2.3+meta", "v1.2.3"},
        {"v1.2.3+meta-pre", "v1.2.3"},
        {"v1.2.3+meta-pre.sha.256a", "v1.2.3"},
    };

    static Stream<Arguments> tests() {
        return Stream.of(TESTS).map(t -> Arguments.of(t[0], t[1]));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tests")
    void isValidAndCanonical(String in, String out) {
        assertThat(Semver.isValid(in)).isEqualTo(!out.isEmpty());
        assertThat(Semver.canonical(in)).isEqualTo(out);
    }

    /** module.CanonicalVersion(v) == v, by its definition: semver.Canonical keeping a "+incompatible" build. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("moduleVersions")
    void isModuleCanonicalIsCanonicalVersionOfItself(String in) {
        boolean want = Semver.isValid(in) && (Semver.canonical(in)
                + (Semver.build(in).equals("+incompatible") ? "+incompatible" : "")).equals(in);
        assertThat(Semver.isModuleCanonical(in)).isEqualTo(want);
    }

    /** It is asked of the version of every GOPROXY request, so it must not allocate. */
    @Test
    void isModuleCanonicalAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String[] versions = {"v1.2.3", "v2.0.0+incompatible", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2",
            "v1.02.3", "v1.2.3-01", "v1.2.3+build"};
        int canonical = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int round = 0; round < 2_000; round++) {
            for (String version : versions) {
                canonical += Semver.isModuleCanonical(version) ? 1 : 0;
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(canonical).isEqualTo(3 * 2_000);
        assertThat(allocated).as("bytes allocated by 14,000 calls").isLessThan(1024);
    }

    static Stream<String> moduleVersions() {
        return Stream.concat(Stream.of(TESTS).map(t -> t[0]), Stream.of("v2.0.0+incompatible", "v2+incompatible",
                "v2.0+incompatible", "v2.0.0-pre+incompatible", "v2.0.0+incompatible.1", "v2.0.0+Incompatible",
                "v0.0.0-20191109021931-daa7c04131f5", "v1.2.4-0.20191109021931-daa7c04131f5+incompatible", "",
                "v", "1.0.0", "v01.0.0", "v1.0.0-", "v1.0.0+", "v1.0.0-01"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tests")
    void major(String in, String out) {
        int dot = out.indexOf('.');
        assertThat(Semver.major(in)).isEqualTo(dot >= 0 ? out.substring(0, dot) : "");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tests")
    void majorMinor(String in, String out) {
        String want = "";
        if (!out.isEmpty()) {
            want = in;
            if (want.indexOf('+') >= 0) {
                want = want.substring(0, want.indexOf('+'));
            }
            if (want.indexOf('-') >= 0) {
                want = want.substring(0, want.indexOf('-'));
            }
            long dots = want.chars().filter(c -> c == '.').count();
            if (dots == 0) {
                want += ".0";
            } else if (dots == 2) {
                want = want.substring(0, want.lastIndexOf('.'));
            }
        }
        assertThat(Semver.majorMinor(in)).isEqualTo(want);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("tests")
    void prereleaseAndBuild(String in, String out) {
        String wantPre = !out.isEmpty() && out.indexOf('-') >= 0 ? out.substring(out.indexOf('-')) : "";
        String wantBuild = !out.isEmpty() && in.indexOf('+') >= 0 ? in.substring(in.indexOf('+')) : "";
        assertThat(Semver.prerelease(in)).isEqualTo(wantPre);
        assertThat(Semver.build(in)).isEqualTo(wantBuild);
    }

    static Stream<Arguments> pairs() {
        return IntStream.range(0, TESTS.length).boxed()
                .flatMap(i -> IntStream.range(0, TESTS.length).mapToObj(j -> Arguments.of(i, j)));
    }

    @Test
    void compareAllPairs() {
        // TestCompare: equal canonical forms compare equal, otherwise table order decides.
        List<String> failures = new ArrayList<>();
        pairs().forEach(a -> {
            int i = (Integer) a.get()[0];
            int j = (Integer) a.get()[1];
            int want = TESTS[i][1].equals(TESTS[j][1]) ? 0 : i < j ? -1 : +1;
            int got = Semver.compare(TESTS[i][0], TESTS[j][0]);
            if (got != want) {
                failures.add("compare(" + TESTS[i][0] + ", " + TESTS[j][0] + ") = " + got + ", want " + want);
            }
        });
        assertThat(failures).isEmpty();
    }

    @Test
    void sortByPrecedenceThenString() {
        // TestSort: a shuffled copy sorted with semver.ByVersion's order (precedence, then string) is ordered.
        Comparator<String> byVersion = (v, w) -> {
            int c = Semver.compare(v, w);
            return c != 0 ? c : v.compareTo(w);
        };
        List<String> versions = new ArrayList<>(Stream.of(TESTS).map(t -> t[0]).toList());
        Collections.shuffle(versions, new Random(42));
        versions.sort(byVersion);
        for (int k = 1; k < versions.size(); k++) {
            assertThat(Semver.compare(versions.get(k - 1), versions.get(k))).isLessThanOrEqualTo(0);
        }
        assertThat(versions.get(versions.size() - 1)).isEqualTo("v1.2.3+meta-pre.sha.256a");
    }

    @ParameterizedTest(name = "[{index}] {0} vs {1}")
    @CsvSource({
        "v1.0.0+metadata-dash, v1.0.0+metadata-dash1, 0",
        "v2.0.0,               v10.0.0,               -1",
        "v1.0.0-alpha.10,      v1.0.0-alpha.9,        1",
        "v1.0.0-1,             v1.0.0-a,              -1",
        "v0.0.0-20190101000000-abc, v0.0.1-0.20180101000000-abc, -1",
        "v1.2.4-0.20190101000000-abc, v1.2.3, 1",
        "v1.2.4-0.20190101000000-abc, v1.2.4-rc.1, -1",
        "'', v0.0.0, -1",
        "bad, '', 0",
    })
    void compareExtra(String v, String w, int want) {
        assertThat(Semver.compare(v, w)).isEqualTo(want);
        assertThat(Semver.compare(w, v)).isEqualTo(-want);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"v01.0.0", "v1.00.0", "v1.0.00", "v1.0.0-01", "v1.0.0-", "v1.0.0+", "v1.0.0-a..b", "v1.0.0+a..b",
                "v1.0.0-a_b", "'v1.0.0 '", "V1.0.0", "1.0.0", "v", "v1.", "v1.0.", "v1.0.0.0"})
    void invalid(String v) {
        assertThat(Semver.isValid(v)).isFalse();
        assertThat(Semver.canonical(v)).isEmpty();
        assertThat(Semver.major(v)).isEmpty();
    }
}
