package dev.modvault.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevInfoTest {

    @Test
    void jsonHasTheGoCommandsFieldNames() {
        RevInfo info = new RevInfo("v1.2.3", Instant.parse("2023-03-02T13:45:07Z"),
                new RevInfo.Origin("git", "https://git.example.com/r", "sub", "refs/tags/sub/v1.2.3", "ab12"));
        assertThat(info.toJson()).isEqualTo("{\"Version\":\"v1.2.3\",\"Time\":\"2023-03-02T13:45:07Z\","
                + "\"Origin\":{\"VCS\":\"git\",\"URL\":\"https://git.example.com/r\",\"Subdir\":\"sub\","
                + "\"Ref\":\"refs/tags/sub/v1.2.3\",\"Hash\":\"ab12\"}}");
        RevInfo bare = new RevInfo("v0.0.0-20230302134507-ab12ab12ab12", Instant.parse("2023-03-02T13:45:07Z"),
                new RevInfo.Origin("git", "https://git.example.com/r\"<x>", "", null, "ab12"));
        assertThat(bare.toJson()).isEqualTo("{\"Version\":\"v0.0.0-20230302134507-ab12ab12ab12\","
                + "\"Time\":\"2023-03-02T13:45:07Z\",\"Origin\":{\"VCS\":\"git\","
                + "\"URL\":\"https://git.example.com/r\\\"\\u003cx\\u003e\",\"Hash\":\"ab12\"}}");
    }

    @Test
    void credentialsRedactTokens() {
        GitCredentials c = GitCredentials.of(java.util.Map.of("Git.Example.com",
                new GitCredentials.Token("oauth2", "tok-123456")));
        assertThat(c.redact("https://oauth2:tok-123456@git.example.com failed")).doesNotContain("tok-123456");
        assertThat(c.toString()).isEqualTo("GitCredentials[git.example.com]");
        assertThat(GitMirror.describe("https://user:pw@git.example.com/r")).isEqualTo("https://git.example.com/r");
    }
}
