package dev.modvault.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * What a {@link GitModuleSource} needs from a repository: a local (bare) copy to read, the URL the go command would
 * report in {@code Origin}, and a way to bring the copy up to date. {@link GitMirror} gives mirrors of remote
 * repositories; {@link #local} wraps a repository on disk that is never fetched.
 */
public interface GitRepositoryAccess {

    /** The local repository to read (open; owned by this access, not to be closed by callers). */
    Repository repository() throws IOException;

    /** The repository URL, e.g. {@code https://git.corp.example.com/team/repo}. */
    String url();

    /**
     * Fetches now because a query missed (a tag, branch or commit that is not in the local copy).
     *
     * @return whether a fetch ran (false when one ran very recently, so the miss stands)
     */
    boolean fetch() throws IOException;

    /** Fetches if the local copy is older than the refresh interval (before answering mutable queries). */
    void fetchIfStale() throws IOException;

    /** A repository already on disk, read as is (tests, pre-provisioned mirrors). */
    static GitRepositoryAccess local(Path gitDir, String url) throws IOException {
        Objects.requireNonNull(url, "url");
        Repository repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
        return new GitRepositoryAccess() {
            @Override
            public Repository repository() {
                return repo;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public boolean fetch() {
                return false;
            }

            @Override
            public void fetchIfStale() {
            }
        };
    }
}
