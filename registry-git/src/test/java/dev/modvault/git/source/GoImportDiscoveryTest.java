package dev.modvault.git.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.error.NotFoundException;
import dev.modvault.git.source.GoImportDiscovery.GoImport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing and choosing go-import meta tags as cmd/go does. */
class GoImportDiscoveryTest {

    @Test
    void parsesMetaTagsInTheHeadOnly() {
        String page = """
                <!DOCTYPE html><html><head>
                <meta name="go-import" content="go.corp.example.com/a git https://git.corp.example.com/a.git">
                <meta content='go.corp.example.com/b   mod   https://proxy.corp.example.com' name='go-import'/>
                <meta name="go-source" content="go.corp.example.com/a _ _ _">
                </head><body><meta name="go-import" content="go.corp.example.com/c git https://x/c"></body></html>
                """;
        assertThat(GoImportDiscovery.parse(page)).containsExactly(
                new GoImport("go.corp.example.com/a", "git", "https://git.corp.example.com/a.git"),
                new GoImport("go.corp.example.com/b", "mod", "https://proxy.corp.example.com"));
    }

    @Test
    void choosesTheTagWhoseRootPrefixesThePath() {
        List<GoImport> imports = List.of(new GoImport("go.corp.example.com/a", "git", "https://g/a"),
                new GoImport("go.corp.example.com/ab", "git", "https://g/ab"));
        assertThat(GoImportDiscovery.choose(imports, "go.corp.example.com/a/sub").url()).isEqualTo("https://g/a");
        assertThat(GoImportDiscovery.choose(imports, "go.corp.example.com/ab").url()).isEqualTo("https://g/ab");
        assertThatThrownBy(() -> GoImportDiscovery.choose(imports, "go.corp.example.com/abc"))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no go-import meta tag matches");
    }

    @Test
    void refusesModHgAndAmbiguousAnswers() {
        assertThatThrownBy(() -> GoImportDiscovery.choose(
                List.of(new GoImport("go.corp.example.com/b", "mod", "https://p")), "go.corp.example.com/b"))
                .hasMessageContaining("vcs mod").hasMessageContaining("modvault.private.proxies");
        assertThatThrownBy(() -> GoImportDiscovery.choose(
                List.of(new GoImport("go.corp.example.com/b", "hg", "https://p")), "go.corp.example.com/b"))
                .hasMessageContaining("vcs hg is not supported");
        assertThatThrownBy(() -> GoImportDiscovery.choose(List.of(new GoImport("go.corp.example.com/b", "git", "https://p"),
                new GoImport("go.corp.example.com/b", "git", "https://q")), "go.corp.example.com/b/c"))
                .hasMessageContaining("multiple go-import meta tags");
    }
}
