package dev.modvault.persistence;

import dev.modvault.core.sumdb.Hash;
import dev.modvault.core.sumdb.SignedTreeHead;
import dev.modvault.core.sumdb.TreeHead;
import dev.modvault.core.sumdb.TreeHeadStore;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The newest verified tree head of each checksum database in {@code checksum_tree_heads}, shared by every replica.
 * {@link #compareAndSet} is one conditional statement (an insert that does nothing on conflict, or an update whose
 * WHERE names the expected size and hash and only lets the tree grow), so concurrent replicas never regress it: the
 * loser sees false, reloads and checks its head against the winner's.
 */
public final class JdbcTreeHeadStore implements TreeHeadStore {

    private final JdbcClient jdbc;

    public JdbcTreeHeadStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public Optional<SignedTreeHead> load(String name) {
        Objects.requireNonNull(name, "name");
        return jdbc.sql("SELECT size, hash, note FROM checksum_tree_heads WHERE name = ?").param(name)
                .query((rs, row) -> new SignedTreeHead(new TreeHead(rs.getLong("size"), Hash.parse(rs.getString("hash"))),
                        rs.getString("note")))
                .optional();
    }

    @Override
    public boolean compareAndSet(String name, SignedTreeHead expected, SignedTreeHead replacement) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(replacement, "replacement");
        if (expected == null) {
            return jdbc.sql("""
                            INSERT INTO checksum_tree_heads (name, size, hash, note, updated_at)
                            VALUES (?, ?, ?, ?, now())
                            ON CONFLICT (name) DO NOTHING""")
                    .params(name, replacement.size(), replacement.hash().toString(), replacement.note())
                    .update() == 1;
        }
        return jdbc.sql("""
                        UPDATE checksum_tree_heads SET size = ?, hash = ?, note = ?, updated_at = now()
                        WHERE name = ? AND size = ? AND hash = ? AND ? >= size""")
                .params(replacement.size(), replacement.hash().toString(), replacement.note(),
                        name, expected.size(), expected.hash().toString(), replacement.size())
                .update() == 1;
    }
}
