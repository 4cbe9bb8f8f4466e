package dev.modvault.git.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Module paths to repositories by URL template. */
class GitSourceTest {

    @Test
    void aPlaceholderTakesOnePathElementAndTheRestIsTheModuleDirectory() {
        GitSource s = GitSource.template("corp.example.com/{repo}", "https://git.corp.example.com/{repo}.git");
        assertThat(s.match("corp.example.com/alpha/sub/v2")).hasValueSatisfying(m -> {
            assertThat(m.root()).isEqualTo("corp.example.com/alpha");
            assertThat(m.url()).isEqualTo("https://git.corp.example.com/alpha.git");
        });
        assertThat(s.match("corp.example.com")).isEmpty();
        assertThat(s.match("corp.example.community/alpha")).isEmpty();
        assertThat(s.match("other.example.com/alpha")).isEmpty();
    }

    @Test
    void severalPlaceholdersForOwnerAndRepository() {
        GitSource s = GitSource.template("github.corp.example.com/{owner}/{repo}",
                "https://github.corp.example.com/{owner}/{repo}.git");
        assertThat(s.elements()).isEqualTo(3);
        assertThat(s.match("github.corp.example.com/team/lib/pkg").orElseThrow().url())
                .isEqualTo("https://github.corp.example.com/team/lib.git");
        assertThat(s.match("github.corp.example.com/team")).isEmpty();
    }

    @Test
    void discoveryMatchesAtPathBoundaries() {
        GitSource s = GitSource.discovery("go.corp.example.com", URI.create("http://127.0.0.1:1"));
        assertThat(s.match("go.corp.example.com/x/y").orElseThrow().url()).isNull();
        assertThat(s.match("go.corp.example.comx/y")).isEmpty();
        assertThat(GoImportDiscovery.requestUrl(s, "go.corp.example.com/x/y"))
                .hasToString("http://127.0.0.1:1/x/y?go-get=1");
        assertThat(GoImportDiscovery.requestUrl(GitSource.discovery("go.corp.example.com", null),
                "go.corp.example.com/x")).hasToString("https://go.corp.example.com/x?go-get=1");
    }

    @Test
    void sshTemplatesInUrlAndScpLikeForm() {
        GitSource url = GitSource.template("corp.example.com/{repo}", "ssh://git@git.corp.example.com:2222/{repo}.git");
        assertThat(url.match("corp.example.com/alpha/sub").orElseThrow().url())
                .isEqualTo("ssh://git@git.corp.example.com:2222/alpha.git");
        GitSource scp = GitSource.template("corp.example.com/{owner}/{repo}", "git@git.corp.example.com:{owner}/{repo}.git");
        assertThat(scp.match("corp.example.com/team/lib").orElseThrow().url())
                .isEqualTo("git@git.corp.example.com:team/lib.git");
        assertThat(HostGuard.repositoryUri("git@git.corp.example.com:team/lib.git"))
                .hasToString("ssh://git@git.corp.example.com/team/lib.git");
        assertThat(HostGuard.repositoryUri("https://git.corp.example.com/a:b")).hasScheme("https");
        assertThatThrownBy(() -> GitSource.template("corp.example.com/{repo}", "ssh://git:secret@git/{repo}"))
                .hasMessageContaining("must not carry credentials").hasMessageNotContaining("secret@");
    }

    @Test
    void invalidSourcesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> GitSource.template("corp.example.com/{repo}", "https://git/{other}.git"))
                .hasMessageContaining("uses {other}");
        assertThatThrownBy(() -> GitSource.template("corp.example.com/{owner}/{repo}", "https://git/{repo}.git"))
                .hasMessageContaining("does not use every placeholder");
        assertThatThrownBy(() -> GitSource.template("corp.example.com/x{repo}", "https://git/{repo}"))
                .hasMessageContaining("whole path element");
        assertThatThrownBy(() -> GitSource.template("corp.example.com/{repo}", "https://u:t@git/{repo}"))
                .hasMessageContaining("must not carry credentials");
        assertThatThrownBy(() -> new GitSource("corp.example.com", "https://git/x", true, null))
                .hasMessageContaining("either url or discovery");
        assertThatThrownBy(() -> new GitSource("corp.example.com", null, false, null))
                .hasMessageContaining("set a url template or discovery=true");
    }
}
