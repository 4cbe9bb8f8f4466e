package dev.modvault.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionConstraintTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            "<v1.4.2            ; v1.4.1                              ; true",
            "<v1.4.2            ; v1.4.2                              ; false",
            "<v1.4.2            ; v1.4.2-rc.1                         ; true",
            "<v1.4.2            ; v1.4.2-0.20240101000000-abcdefabcdef ; true",
            "<v1.4.2            ; v1.4.1-0.20240101000000-abcdefabcdef ; true",
            "<=v1.4.2           ; v1.4.2                              ; true",
            ">v1.4.2            ; v1.4.3-beta                         ; true",
            ">v1.4.2            ; v1.4.2                              ; false",
            ">=v1.0.0 <v1.2.0   ; v1.1.9                              ; true",
            ">=v1.0.0 <v1.2.0   ; v1.2.0                              ; false",
            ">=v1.0.0 <v1.2.0   ; v0.9.9                              ; false",
            ">=v1.0.0 <v1.2.0   ; v1.2.0-pre                          ; true",
            "v1.3.0             ; v1.3.0                              ; true",
            "v1.3.0             ; v1.3.1                              ; false",
            "=v1.3              ; v1.3.0                              ; true",
            "<v1.0.0 || >=v2.0.0 ; v2.0.0+incompatible                ; true",
            "<v1.0.0 || >=v2.0.0 ; v1.5.0                             ; false",
            "<v0.17.0           ; v0.0.0-20231201000000-abcdefabcdef  ; true",
            "<v1.4.2            ; not-a-version                       ; false"})
    void ordersVersionsAsSemverDoes(String constraint, String version, boolean expected) {
        assertThat(VersionConstraint.parse(constraint).matches(version)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "<1.4.2       ; not a semantic version",
            "<v1.x        ; not a semantic version",
            "''           ; empty",
            ">=v1.0.0 ||  ; empty alternative",
            "~v1.2.0      ; not a semantic version"})
    void rejectsMalformedConstraintsSayingWhy(String constraint, String message) {
        assertThatThrownBy(() -> VersionConstraint.parse(constraint))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
